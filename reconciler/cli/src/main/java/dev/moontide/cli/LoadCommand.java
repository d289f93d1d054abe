package dev.moontide.cli;

import dev.moontide.kernel.modules.ModuleManager;
import dev.moontide.kernel.modules.SysModules;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load moontide's kernel modules.",
            "Loads moontide.ko, and the moontide_*.ko beside it, dependencies first (finit_module(2)).",
            "Modules are looked for in $MOONTIDE_MODULE_DIR, the build tree of the repository the command "
                    + "runs from (build/kernel), then /lib/modules/$(uname -r)/{extra,updates/dkms,updates}.",
            "A module that is already loaded is left as it is (exit status 0)."})
final class LoadCommand implements Callable<Integer> {

    private final Env env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME=VALUE", arity = "0..*",
            description = "parameters of moontide.ko, e.g. script_root=/srv/lua control_memory=67108864")
    List<String> params = new ArrayList<>();

    LoadCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        load(env, spec.commandLine().getOut(), spec.commandLine().getErr(), params);
        return Moontide.EXIT_OK;
    }

    /** Loads the modules and says what happened; shared with {@code reload}. */
    static void load(Env env, PrintWriter out, PrintWriter err, List<String> params) throws Exception {
        checkParams(params);
        for (ModuleManager.Loaded l : env.modules().get().load(String.join(" ", params))) {
            String name = l.module().name();
            if (l.outcome() == ModuleManager.Outcome.ALREADY_LOADED) {
                out.println(name + " is already loaded");
                if (name.equals(SysModules.CORE) && !params.isEmpty()) {
                    err.println("moontide: parameters not applied to the loaded module; "
                            + "`moontide reload " + String.join(" ", params) + "` applies them");
                }
            } else {
                String version = env.sys().get(name).flatMap(m -> m.version())
                        .or(() -> l.module().info().flatMap(i -> i.version())).orElse("");
                out.println("loaded " + name + (version.isEmpty() ? "" : " " + version) + " from " + l.module().path());
            }
        }
        out.flush();
        err.flush();
    }

    /** Module parameters are {@code NAME=VALUE} words: the kernel splits them at spaces. */
    static void checkParams(List<String> params) throws CliException {
        for (String p : params) {
            if (!p.matches("[A-Za-z0-9_]+=\\S*")) {
                throw new CliException("module parameter '" + Format.oneLine(p) + "' is not NAME=VALUE",
                        Moontide.EXIT_USAGE);
            }
        }
    }
}
