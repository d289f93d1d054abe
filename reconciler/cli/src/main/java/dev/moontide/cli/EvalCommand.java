package dev.moontide.cli;

import dev.moontide.kernel.protocol.RuntimeName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Run a Lua chunk in the kernel and print its results.",
            "Results are printed tab-separated on one line, as the `lua` prompt does.",
            "Example: moontide eval 'return 6 * 7'   (prints 42)"})
final class EvalCommand implements Callable<Integer> {

    private final Env env;

    @Spec
    CommandSpec spec;

    @Option(names = {"-r", "--runtime"}, paramLabel = "NAME",
            description = "run it in this runtime's state (default: the control runtime -)")
    String runtime = RuntimeName.CONTROL;

    @Parameters(index = "0", paramLabel = "CHUNK", description = "Lua source; - reads it from standard input")
    String chunk;

    EvalCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        String source = chunk.equals("-") ? readStdin() : chunk;
        List<String> results = env.driver().eval(runtime, source);
        if (!results.isEmpty()) {
            spec.commandLine().getOut().println(String.join("\t", results));
        }
        spec.commandLine().getOut().flush();
        return Moontide.EXIT_OK;
    }

    private String readStdin() throws CliException {
        try {
            return new String(env.stdin().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read standard input: " + e.getMessage());
        }
    }
}
