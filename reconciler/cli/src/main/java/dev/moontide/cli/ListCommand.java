package dev.moontide.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moontide.kernel.RuntimeInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        description = {"List the kernel's runtimes.",
            "Columns: name, script, context, state, memory (used/limit), age and the first 12 hex digits of "
                    + "the script's sha256. A failed runtime's error follows the table.",
            "--output json prints every field of the protocol (docs/protocol.md) plus age_ns."})
final class ListCommand implements Callable<Integer> {

    static final List<String> HEADER = List.of("NAME", "SCRIPT", "CONTEXT", "STATE", "MEMORY", "AGE", "SHA256");

    private final Env env;

    @Spec
    CommandSpec spec;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    Output output = Output.text;

    ListCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        List<RuntimeInfo> runtimes = env.driver().list();
        long now = env.monotonicNs().getAsLong();
        PrintWriter out = spec.commandLine().getOut();
        if (output == Output.json) {
            ObjectNode root = Output.object();
            ArrayNode list = root.putArray("runtimes");
            runtimes.forEach(r -> list.add(Output.runtime(r, now)));
            out.println(Output.write(root));
        } else if (runtimes.isEmpty()) {
            out.println("no runtimes");
        } else {
            table(runtimes, now).forEach(out::println);
        }
        out.flush();
        return Moontide.EXIT_OK;
    }

    static List<String> table(List<RuntimeInfo> runtimes, long nowNs) {
        List<List<String>> rows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (RuntimeInfo r : runtimes) {
            rows.add(List.of(r.name(), r.script(), r.context().wire() + (r.spawn() ? "+spawn" : ""), r.state().wire(),
                    Format.size(r.memory()) + "/" + Format.size(r.memoryLimit()), Format.age(r.ageNs(nowNs)),
                    Format.shortSha(r.sha256())));
            r.failure().ifPresent(e -> errors.add(r.name() + ": " + Format.oneLine(e)));
        }
        List<String> out = new ArrayList<>(Format.table(HEADER, rows));
        out.addAll(errors);
        return out;
    }
}
