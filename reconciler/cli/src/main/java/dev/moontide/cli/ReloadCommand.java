package dev.moontide.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Unload and load again (picks up a rebuilt moontide.ko).",
            "Runtimes are stopped and not restarted (the reconciler restarts what Git declares)."})
final class ReloadCommand implements Callable<Integer> {

    private final Env env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME=VALUE", arity = "0..*", description = "parameters of moontide.ko, as for load")
    List<String> params = new ArrayList<>();

    ReloadCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        LoadCommand.checkParams(params);
        UnloadCommand.unload(env, spec.commandLine().getOut());
        LoadCommand.load(env, spec.commandLine().getOut(), spec.commandLine().getErr(), params);
        return Moontide.EXIT_OK;
    }
}
