package dev.moontide.cli;

import dev.moontide.kernel.KernelDriver;
import dev.moontide.reconcile.ReconcileCommandSupport;
import dev.moontide.reconcile.ReconcileSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moontide reconcile} and {@code moontide diff}: one cycle of the reconciler, from the shell. */
final class ReconcileCommand {

    private ReconcileCommand() {
    }

    /** Where the desired state comes from, and where it goes. */
    static final class SourceOptions {
        @Option(names = {"-r", "--repo"}, required = true, paramLabel = "URL|PATH",
                description = "Git repository of manifests and scripts (a path, file://, https://, ssh://)")
        String repo;

        @Option(names = {"-b", "--branch"}, paramLabel = "REF", description = "branch, tag or commit (default: main)")
        String ref;

        @Option(names = "--manifests", paramLabel = "DIR", description = "folder of manifests in the repository (default: manifests)")
        String manifests;

        @Option(names = "--script-root", paramLabel = "DIR", description = "the module's script root (default: /lib/modules/lua)")
        Path scriptRoot;

        @Option(names = "--state-dir", paramLabel = "DIR", description = "Git cache, last good revision, history (default: /var/lib/moontide)")
        Path stateDir;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
                description = "table or json (default: table)")
        String output;

        @Option(names = "--driver", paramLabel = "DRIVER", defaultValue = "moontide",
                description = {"moontide: /dev/moontide ($MOONTIDE_DEVICE), every detail of each runtime;",
                    "lunatik: upstream Lunatik's /dev/lunatik ($MOONTIDE_LUNATIK_DEVICE), presence only"})
        String driver;

        KernelDriver driver(Env env) {
            return dev.moontide.kernel.Drivers.named(driver, env.driver());
        }

        ReconcileSettings settings() {
            return new ReconcileSettings(repo, ref, manifests, scriptRoot, stateDir);
        }

        ReconcileCommandSupport.Output format() {
            return ReconcileCommandSupport.Output.parse(output);
        }
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true,
            description = {"One reconcile cycle: fetch the repository, validate, plan, apply, check health.",
                "--dry-run prints the plan and changes nothing: not files, not the kernel, not the state."},
            footer = {"", "Exit status: 0 in sync or applied, 2 a dry run found changes, 1 error."})
    static final class Reconcile implements Callable<Integer> {
        private final Env env;

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
            return ReconcileCommandSupport.reconcile(source.settings(), source.driver(env), dryRun, force,
                    source.format(), System.out, System.err);
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "What the kernel runs against what the repository declares: the plan and the drift.",
            footer = {"", "Exit status: 0 no difference, 2 differences, 1 error."})
    static final class Diff implements Callable<Integer> {
        private final Env env;

        @Mixin
        SourceOptions source = new SourceOptions();

        Diff(Env env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            return ReconcileCommandSupport.diff(source.settings(), source.driver(env), source.format(),
                    System.out, System.err);
        }
    }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = {"Validate manifests (schema, references, cycles, paths, a pre-flight parse of",
                "every script with luak); needs no Git and no kernel."},
            footer = {"", "Exit status: 0 valid, 1 invalid."})
    static final class Lint implements Callable<Integer> {
        @picocli.CommandLine.Parameters(paramLabel = "PATH", defaultValue = ".",
                description = "a repository folder (its manifests/ is read) or one manifest file")
        Path path;

        @Option(names = "--manifests", paramLabel = "DIR", description = "folder of manifests under PATH")
        String manifests;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
                description = "table or json (default: table)")
        String output;

        @Override
        public Integer call() {
            PrintStream out = System.out;
            return ReconcileCommandSupport.lint(path, manifests, ReconcileCommandSupport.Output.parse(output),
                    out, System.err);
        }
    }
}
