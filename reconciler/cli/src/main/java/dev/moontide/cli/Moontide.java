package dev.moontide.cli;

import dev.moontide.kernel.KernelException;
import dev.moontide.kernel.modules.ModuleException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code moontide}: the kernel utility. With no verb it starts the REPL.
 *
 * <p>Exit status: {@value #EXIT_OK} success, {@value #EXIT_ERROR} failure (one line on stderr
 * says why), {@value #EXIT_USAGE} wrong usage, {@value #EXIT_CHANGES} changes found
 * ({@code reconcile --dry-run}, {@code diff}).
 */
@Command(name = "moontide", mixinStandardHelpOptions = true, versionProvider = Moontide.Version.class,
        description = {"Lua runtimes in the Linux kernel: load the modules, run scripts, inspect them live.",
            "With no command: the interactive REPL in the kernel (moontide repl)."},
        footer = {"", "Exit status: 0 ok, 1 error (one line on stderr says why), 2 wrong usage,",
            "3 changes found (reconcile --dry-run, diff).",
            "Run `moontide COMMAND --help` for a command's options."})
public final class Moontide implements Callable<Integer> {

    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    /** Kept apart from picocli's usage error, so a script never takes a typo for "changes found". */
    public static final int EXIT_CHANGES = 3;

    /** The command's own version (the module reports its own: see `moontide status`). */
    public static final String VERSION = "0.1.0";

    private final Env env;

    @Spec
    CommandSpec spec;

    Moontide(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        return new ReplCommand(env).attach(spec.commandLine(), null);
    }

    /** The {@code moontide} command line over {@code env}, with all its verbs and error handling. */
    public static CommandLine commandLine(Env env) {
        return commandLine(env, null);
    }

    /**
     * The command line for {@code args}: when they name a verb, only that verb is built, since
     * picocli reads every command's annotations up front and a verb should start fast; otherwise
     * (help, no verb, an unknown one) all of them.
     */
    public static CommandLine commandLine(Env env, String[] args) {
        CommandLine cl = new CommandLine(new Moontide(env));
        String verb = args == null ? null : verb(args);
        for (String name : VERBS) {
            if (verb == null || verb.equals(name) || (name.equals("list") && verb.equals("ls"))) {
                cl.addSubcommand(name, verb(env, name));
            }
        }
        cl.registerConverter(Output.class, Output::parse);
        cl.setExecutionExceptionHandler(Moontide::onFailure);
        cl.setParameterExceptionHandler(Moontide::onUsage);
        return cl;
    }

    static final List<String> VERBS = List.of("load", "unload", "reload", "status", "list", "run", "spawn", "stop",
            "eval", "repl", "reconcile", "diff", "lint", "daemon");

    /** The verb {@code args} start with, if it is one of ours; null otherwise. */
    private static String verb(String[] args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            return null;
        }
        return VERBS.contains(args[0]) || args[0].equals("ls") ? args[0] : null;
    }

    private static Object verb(Env env, String name) {
        return switch (name) {
            case "load" -> new LoadCommand(env);
            case "unload" -> new UnloadCommand(env);
            case "reload" -> new ReloadCommand(env);
            case "status" -> new StatusCommand(env);
            case "list" -> new ListCommand(env);
            case "run" -> RunCommand.verb(env, false);
            case "spawn" -> RunCommand.verb(env, true);
            case "stop" -> new StopCommand(env);
            case "eval" -> new EvalCommand(env);
            case "repl" -> new ReplCommand(env);
            case "reconcile" -> new ReconcileCommand.Reconcile(env);
            case "diff" -> new ReconcileCommand.Diff(env);
            case "lint" -> new LintCommand();
            case "daemon" -> new DaemonCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** One line on stderr: {@code moontide: what went wrong}; exit 1. */
    private static int onFailure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        int exit = EXIT_ERROR;
        String message;
        if (e instanceof CliException c) {
            message = c.getMessage();
            exit = c.exitCode();
        } else if (e instanceof KernelException k) {
            message = kernelMessage(k);
        } else if (e instanceof ModuleException m) {
            message = m.getMessage();
        } else if (e instanceof IllegalArgumentException) {
            message = e.getMessage();
            exit = EXIT_USAGE;
        } else {
            message = e.toString();
        }
        cl.getErr().println("moontide: " + Format.oneLine(message));
        cl.getErr().flush();
        return exit;
    }

    /** A kernel failure as the user should read it; a missing device says how to load the module. */
    static String kernelMessage(KernelException k) {
        if (k.deviceMissing()) {
            return "the moontide module is not loaded (" + k.getMessage().split(" ", 2)[0]
                    + " is missing): load it with `moontide load`";
        }
        if (k.unsupported()) {
            return k.getMessage() + " (this moontide.ko is older than the command: rebuild and reload it)";
        }
        return k.getMessage();
    }

    /** A usage error: one line naming the command's help; exit 2. */
    private static int onUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        cl.getErr().println("moontide: " + Format.oneLine(e.getMessage()) + " (see `" + name + " --help`)");
        cl.getErr().flush();
        return EXIT_USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"moontide " + VERSION + " (the command; `moontide status` shows the module's)"};
        }
    }
}
