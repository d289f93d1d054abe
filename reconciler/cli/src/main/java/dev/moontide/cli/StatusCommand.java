package dev.moontide.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moontide.kernel.KernelException;
import dev.moontide.kernel.KernelVersion;
import dev.moontide.kernel.RunState;
import dev.moontide.kernel.RuntimeInfo;
import dev.moontide.kernel.modules.LoadedModule;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the loaded modules, their versions and the control protocol's.",
            "Also the script root and a count of runtimes.",
            "Exit status 1 when the module is not loaded or its control device does not answer."})
final class StatusCommand implements Callable<Integer> {

    private final Env env;

    @Spec
    CommandSpec spec;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    Output output = Output.text;

    StatusCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<LoadedModule> modules = env.sys().moontide();
        KernelVersion version = null;
        List<RuntimeInfo> runtimes = null;
        KernelException failure = null;
        if (!modules.isEmpty()) {
            try {
                version = env.driver().version();
                runtimes = env.driver().list();
            } catch (KernelException e) {
                failure = e;
            }
        }
        if (output == Output.json) {
            out.println(Output.write(json(modules, version, runtimes)));
        } else {
            text(out, modules, version, runtimes, failure);
        }
        out.flush();
        if (modules.isEmpty()) {
            throw new CliException("the moontide module is not loaded: load it with `moontide load`");
        }
        if (failure != null) {
            throw failure;
        }
        return Moontide.EXIT_OK;
    }

    private void text(PrintWriter out, List<LoadedModule> modules, KernelVersion version, List<RuntimeInfo> runtimes,
            KernelException failure) {
        if (modules.isEmpty()) {
            out.println("modules:   none loaded");
        }
        for (int i = 0; i < modules.size(); i++) {
            LoadedModule m = modules.get(i);
            out.println((i == 0 ? "modules:   " : "           ") + m.name() + " " + m.version().orElse("(no version)")
                    + " (" + m.state() + ", used by " + m.refcnt()
                    + (m.holders().isEmpty() ? "" : ": " + String.join(", ", m.holders())) + ")");
        }
        if (version != null) {
            out.println("device:    " + env.device() + ": moontide " + version.moontide() + ", " + version.lua()
                    + ", protocol " + version.protocol());
        } else if (failure != null) {
            out.println("device:    " + env.device() + ": " + Format.oneLine(Moontide.kernelMessage(failure)));
        } else {
            out.println("device:    " + env.device() + (env.device().toFile().exists() ? "" : " (missing)"));
        }
        out.println("scripts:   " + env.scriptRoot());
        if (runtimes != null) {
            out.println("runtimes:  " + runtimes.size() + count(runtimes));
        }
    }

    /** {@code " (2 running, 1 failed)"}, or nothing for none. */
    private static String count(List<RuntimeInfo> runtimes) {
        if (runtimes.isEmpty()) {
            return "";
        }
        Map<RunState, Integer> by = new TreeMap<>();
        runtimes.forEach(r -> by.merge(r.state(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        by.forEach((s, n) -> parts.add(n + " " + s.wire()));
        return " (" + String.join(", ", parts) + ")";
    }

    private ObjectNode json(List<LoadedModule> modules, KernelVersion version, List<RuntimeInfo> runtimes) {
        ObjectNode root = Output.object();
        ArrayNode mods = root.putArray("modules");
        for (LoadedModule m : modules) {
            ObjectNode o = mods.addObject();
            o.put("name", m.name());
            o.put("version", m.version().orElse(null));
            o.put("state", m.state());
            o.put("refcnt", m.refcnt());
            ArrayNode holders = o.putArray("holders");
            m.holders().forEach(holders::add);
        }
        ObjectNode device = root.putObject("device");
        device.put("path", env.device().toString());
        if (version != null) {
            device.put("moontide", version.moontide());
            device.put("lua", version.lua());
            device.put("protocol", version.protocol());
        }
        root.put("script_root", env.scriptRoot().toString());
        if (runtimes != null) {
            root.put("runtimes", runtimes.size());
        }
        return root;
    }
}
