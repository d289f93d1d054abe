package dev.moontide.cli;

import dev.moontide.kernel.KernelException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop runtimes and free them.",
            "A spawned runtime's thread is asked to stop and waited for.",
            "Each name is tried; the exit status is 1 if any could not be stopped."})
final class StopCommand implements Callable<Integer> {

    private final Env env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "runtimes to stop (see `moontide list`)")
    List<String> names = new ArrayList<>();

    StopCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = Moontide.EXIT_OK;
        for (String name : names) {
            try {
                env.driver().stop(name);
                out.println("stopped " + name);
            } catch (KernelException e) {
                if (e.deviceMissing() || names.size() == 1) {
                    throw e;
                }
                err.println("moontide: stop " + name + ": " + Format.oneLine(Moontide.kernelMessage(e)));
                exit = Moontide.EXIT_ERROR;
            }
            out.flush();
            err.flush();
        }
        return exit;
    }
}
