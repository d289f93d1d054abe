package dev.moontide.cli;

import dev.moontide.kernel.modules.ModuleManager;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "unload", mixinStandardHelpOptions = true,
        description = {"Stop every runtime and unload moontide's modules.",
            "Stops the runtimes, then unloads the modules, users first (delete_module(2)).",
            "Refuses, changing nothing, while another module uses them; after stopping the runtimes, refuses "
                    + "while a process still holds /dev/moontide (or a runtime's device) open.",
            "Nothing loaded is not an error (exit status 0)."})
final class UnloadCommand implements Callable<Integer> {

    private final Env env;

    @Spec
    CommandSpec spec;

    UnloadCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        unload(env, spec.commandLine().getOut());
        return Moontide.EXIT_OK;
    }

    /** Unloads and says what happened; shared with {@code reload}. */
    static void unload(Env env, PrintWriter out) throws Exception {
        ModuleManager.Unloaded done = env.modules().get().unload(env.driver());
        for (String name : done.stopped()) {
            out.println("stopped " + name);
        }
        if (done.unloaded().isEmpty()) {
            out.println("moontide is not loaded");
        }
        for (String name : done.unloaded()) {
            out.println("unloaded " + name);
        }
        out.flush();
    }
}
