package dev.moontide.cli;

import dev.moontide.apply.ScriptRoot;
import dev.moontide.kernel.Context;
import dev.moontide.kernel.RunSpec;
import dev.moontide.kernel.RuntimeInfo;
import dev.moontide.kernel.protocol.RuntimeName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code run} and {@code spawn}: one class, two verbs. */
@Command(mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {

    private final Env env;
    private final boolean spawn;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCRIPT",
            description = "the entry script: a file under the script root (" + ScriptRoot.DEFAULT_PATH + " unless the module's "
                    + "script_root says otherwise), as a path to it or relative to the root")
    String script;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME",
            description = "the runtime's name, [A-Za-z0-9_.-]{1,64} (default: the script's file name without .lua)")
    String name;

    @Option(names = {"-c", "--context"}, paramLabel = "CONTEXT", converter = ContextConverter.class,
            completionCandidates = Contexts.class,
            description = "process (default; may sleep), softirq (netfilter, XDP) or hardirq (kprobes)")
    Context context = Context.PROCESS;

    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", converter = SizeConverter.class,
            description = "memory limit: bytes, or with K, M, G (binary units), e.g. 16M (kernel default 16M, at most 1G)")
    Long memory;

    @Option(names = {"-q", "--quota"}, paramLabel = "N",
            description = "VM instructions per entry, 0 for none in process context "
                    + "(kernel default 100000000 in process, 1000000 in softirq and hardirq)")
    Long quota;

    RunCommand(Env env, boolean spawn) {
        this.env = env;
        this.spawn = spawn;
    }

    /** Names the verb and its description, which differ between run and spawn. */
    static CommandLine verb(Env env, boolean spawn) {
        CommandLine cl = new CommandLine(new RunCommand(env, spawn));
        cl.getCommandSpec().name(spawn ? "spawn" : "run");
        cl.getCommandSpec().usageMessage().description(spawn
                ? new String[] {"Start a runtime whose script's function runs in a kernel thread.",
                    "SCRIPT returns a function; it runs in a kernel thread of its own until it returns or "
                            + "`moontide stop NAME`."}
                : new String[] {"Start a runtime: a Lua state in the kernel running SCRIPT.",
                    "It runs SCRIPT's top level and keeps what that set up (devices, hooks, ...) until "
                            + "`moontide stop NAME`."});
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        String relative = relativeToRoot(script);
        String runtime = name != null ? name : defaultName(relative);
        RunSpec runSpec = new RunSpec(runtime, relative, context, spawn,
                memory == null ? OptionalLong.empty() : OptionalLong.of(memory),
                quota == null ? OptionalLong.empty() : OptionalLong.of(quota));
        RuntimeInfo r = env.driver().run(runSpec);
        spec.commandLine().getOut().println((spawn ? "spawned " : "started ") + r.name() + ": " + r.script() + " ("
                + r.context().wire() + ", sha256 " + Format.shortSha(r.sha256()) + ", memory "
                + Format.size(r.memory()) + " of " + Format.size(r.memoryLimit()) + ")");
        spec.commandLine().getOut().flush();
        return Moontide.EXIT_OK;
    }

    /**
     * The script's path as the kernel takes it: relative to the script root. A file that
     * {@code given} names from the working directory (or absolutely) must lie inside the root;
     * otherwise {@code given} is taken as relative to the root.
     */
    String relativeToRoot(String given) throws CliException {
        Path root = env.scriptRoot();
        Path path = env.cwd().resolve(given);
        if (Files.isRegularFile(path)) {
            try {
                Path real = path.toRealPath();
                Path realRoot = Files.isDirectory(root) ? root.toRealPath() : root;
                if (real.startsWith(realRoot)) {
                    return realRoot.relativize(real).toString();
                }
            } catch (IOException e) {
                throw new CliException("cannot resolve " + given + ": " + e.getMessage());
            }
            throw new CliException(given + " is outside the script root " + root
                    + ": the kernel reads scripts only from there (copy it: install -D -m 0644 " + given + " "
                    + root.resolve(path.getFileName()) + ")");
        }
        if (!Path.of(given).isAbsolute() && Files.isRegularFile(root.resolve(given))) {
            return given;
        }
        throw new CliException("no such script: " + given + " (looked in " + env.cwd()
                + (Path.of(given).isAbsolute() ? "" : " and the script root " + root) + ")");
    }

    /** {@code net/fw.lua} gives {@code fw}; characters a name cannot have become {@code _}. */
    static String defaultName(String script) {
        String file = Path.of(script).getFileName().toString();
        if (file.endsWith(".lua") && file.length() > 4) {
            file = file.substring(0, file.length() - 4);
        }
        String name = file.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (name.length() > RuntimeName.MAX_LENGTH) {
            name = name.substring(0, RuntimeName.MAX_LENGTH);
        }
        return name.equals(RuntimeName.CONTROL) ? "_" : name;
    }

    static final class ContextConverter implements CommandLine.ITypeConverter<Context> {
        @Override
        public Context convert(String value) {
            try {
                return Context.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Contexts extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Contexts() {
            super(java.util.List.of("process", "softirq", "hardirq"));
        }
    }

    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Format.parseSize(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
