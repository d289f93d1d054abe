package dev.moontide.cli;

import dev.moontide.apply.HealthCheck;
import dev.moontide.drift.LogAlertSink;
import dev.moontide.kernel.Drivers;
import dev.moontide.kernel.KernelDriver;
import dev.moontide.manifest.LuakPreflight;
import dev.moontide.reconcile.CycleJson;
import dev.moontide.reconcile.CycleOutcome;
import dev.moontide.reconcile.CycleReport;
import dev.moontide.reconcile.ReconcileSettings;
import dev.moontide.reconcile.Reconciler;
import dev.moontide.trust.TrustConfig;
import dev.moontide.source.Redaction;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code moontide reconcile} and {@code moontide diff}: one cycle of the reconciler, from the shell.
 * "Changes found" exits {@value Moontide#EXIT_CHANGES}, apart from picocli's usage error (2),
 * as {@code terraform plan -detailed-exitcode} sets it apart from a failure.
 */
final class ReconcileCommand {

    private ReconcileCommand() {
    }

    /** The operator's trust settings, shared with the daemon (its -Dquarkus.config.locations). */
    static final Path TRUST_FILE = Path.of("/etc/moontide/moontide.properties");

    /** Where the desired state comes from, and where it goes. */
    static final class SourceOptions {
        @Option(names = {"-r", "--repo"}, paramLabel = "URL|PATH", defaultValue = "${env:MOONTIDE_REPO}",
                description = {"Git repository of manifests and scripts (a path, file://, https://, ssh://);",
                    "default $MOONTIDE_REPO, the one place for a URL with credentials (never an argument)"})
        String repo;

        @Option(names = {"-b", "--branch"}, paramLabel = "REF", description = "branch, tag or commit (default: main)")
        String ref;

        @Option(names = "--credentials-file", paramLabel = "FILE",
                description = "user and token of an https repository: username=, password= lines, mode 600")
        Path credentialsFile;

        @Option(names = "--manifests", paramLabel = "DIR", description = "folder of manifests in the repository (default: manifests)")
        String manifests;

        @Option(names = "--script-root", paramLabel = "DIR", description = "the module's script root (default: the module's)")
        Path scriptRoot;

        @Option(names = "--state-dir", paramLabel = "DIR", description = "Git cache, last good revision, history (default: /var/lib/moontide)")
        Path stateDir;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text (default; or table) or json")
        Output output = Output.text;

        @Option(names = "--driver", paramLabel = "DRIVER", defaultValue = "moontide",
                description = {"moontide: /dev/moontide ($MOONTIDE_DEVICE), every detail of each runtime;",
                    "lunatik: upstream Lunatik's /dev/lunatik ($MOONTIDE_LUNATIK_DEVICE), presence only"})
        String driver;

        @Option(names = "--trust", paramLabel = "FILE",
                description = {"the operator's moontide.signature.* and moontide.alerts.* settings, as the daemon",
                    "reads them (default: " + "/etc/moontide/moontide.properties" + " when it exists)"})
        Path trust;

        /** The operator's trust file: --trust, else /etc/moontide/moontide.properties if it exists, else none. */
        Path trustFile() {
            return trust != null ? trust : Files.isRegularFile(TRUST_FILE) ? TRUST_FILE : null;
        }

        /** The signature policy and alert destinations: never from the repository itself. */
        TrustConfig trust() throws IOException {
            Path file = trustFile();
            return file == null ? TrustConfig.NONE : TrustConfig.read(file, System::getenv);
        }

        /**
         * One line on stderr when no signature is required: the command then applies whatever the
         * branch holds, which is the operator's choice to make knowingly, not by default unseen.
         */
        void warnIfUnsigned(TrustConfig t, CommandSpec spec, boolean dryRun) {
            if (t.signature().require()) {
                return;
            }
            Path file = trustFile();
            spec.commandLine().getErr().println("moontide " + spec.name() + ": warning: commit signatures are not checked, so"
                    + " an unsigned commit " + (dryRun ? "would be" : "is") + " applied ("
                    + (file == null ? "no trust file, neither --trust FILE nor " + TRUST_FILE : "not required in " + file)
                    + "); to require signed commits, set moontide.signature.require=true, moontide.signature.keyring and"
                    + " moontide.signature.trusted-keys there");
            spec.commandLine().getErr().flush();
        }

        /**
         * One cycle, dry or not, printed as asked. A failure to run it at all (the kernel, the
         * state directory) is one line on stderr and exit 1, never a usage error.
         */
        CycleReport cycle(Env env, CommandSpec spec, boolean dryRun, boolean force) throws CliException {
            CycleReport r;
            String url = RepoArgument.withCredentials(RepoArgument.of(repo, spec), credentialsFile, spec);
            try {
                KernelDriver kernel = Drivers.named(driver, env.driver());
                TrustConfig operator = trust();
                warnIfUnsigned(operator, spec, dryRun);
                r = new Reconciler(new ReconcileSettings(url, ref, manifests, scriptRoot, stateDir, operator), kernel,
                        LuakPreflight.orNone(), new HealthCheck(100), List.of(new LogAlertSink()), Clock.systemUTC())
                        .cycle(dryRun, force);
            } catch (IOException | RuntimeException e) {
                throw new CliException(spec.name() + ": " + Redaction.text(e.getMessage()));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(output == Output.json ? Output.write(CycleJson.of(r)) + "\n" : CycleTable.of(r));
            out.flush();
            return r;
        }
    }

    static int exitCode(CycleOutcome outcome) {
        return switch (outcome) {
            case SYNCED -> Moontide.EXIT_OK;
            case CHANGES_PLANNED -> Moontide.EXIT_CHANGES;
            case FAILED -> Moontide.EXIT_ERROR;
        };
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true,
            description = {"One reconcile cycle: fetch the repository, validate, plan, apply, check health.",
                "--dry-run prints the plan and changes nothing: not files, not the kernel, not the state."},
            footer = {"", "Exit status: 0 in sync or applied, 3 a dry run found changes, 1 error, 2 wrong usage."})
    static final class Reconcile implements Callable<Integer> {
        private final Env env;

        @Spec
        CommandSpec spec;

        @Mixin
        SourceOptions source = new SourceOptions();

        @Option(names = "--dry-run", description = "show the plan; change nothing")
        boolean dryRun;

        @Option(names = "--force", description = "apply even a revision that would stop every runtime")
        boolean force;

        Reconcile(Env env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            return exitCode(source.cycle(env, spec, dryRun, force).outcome());
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "What the kernel runs against what the repository declares: the plan and the drift.",
            footer = {"", "Exit status: 0 no difference, 3 differences (plan or drift), 1 error, 2 wrong usage."})
    static final class Diff implements Callable<Integer> {
        private final Env env;

        @Spec
        CommandSpec spec;

        @Mixin
        SourceOptions source = new SourceOptions();

        Diff(Env env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            CycleReport r = source.cycle(env, spec, true, true);
            if (r.outcome() == CycleOutcome.FAILED) {
                return Moontide.EXIT_ERROR;
            }
            return r.plan().isEmpty() && r.drift().isEmpty() ? Moontide.EXIT_OK : Moontide.EXIT_CHANGES;
        }
    }
}
