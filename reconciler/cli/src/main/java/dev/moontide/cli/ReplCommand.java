package dev.moontide.cli;

import dev.moontide.kernel.KernelVersion;
import dev.moontide.kernel.RuntimeInfo;
import dev.moontide.kernel.protocol.RuntimeName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "repl", mixinStandardHelpOptions = true,
        description = {"An interactive Lua prompt in the kernel.",
            "Like the standard `lua` prompt: expressions print their values (tab-separated), an incomplete "
                    + "chunk continues on the next line (>>).",
            "Line editing and history (~/.moontide_history, or $MOONTIDE_HISTORY) on a terminal; Ctrl-C drops "
                    + "the chunk being typed, Ctrl-D quits. Not on a terminal it reads chunks from standard "
                    + "input without prompts.",
            "`moontide` with no command starts it too."})
final class ReplCommand implements Callable<Integer> {

    private final Env env;

    @Spec
    CommandSpec spec;

    @Option(names = {"-r", "--runtime"}, paramLabel = "NAME",
            description = "attach to this running runtime's Lua state to inspect it live "
                    + "(default: the control runtime -)")
    String runtime;

    ReplCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        return attach(spec.commandLine(), runtime);
    }

    /** Runs the REPL in {@code name} (null: the control runtime). */
    Integer attach(CommandLine cl, String name) throws Exception {
        String target = name == null ? RuntimeName.CONTROL : name;
        RuntimeName.check(target);
        KernelVersion version = env.driver().version();
        if (!target.equals(RuntimeName.CONTROL)
                && env.driver().list().stream().map(RuntimeInfo::name).noneMatch(target::equals)) {
            throw new CliException("no runtime named " + target + " (see `moontide list`)");
        }
        if (!env.interactive()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(env.stdin(), StandardCharsets.UTF_8));
            new Repl(env.driver(), target, prompt -> {
                try {
                    return in.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, cl.getOut(), cl.getErr(), false).run();
            return Moontide.EXIT_OK;
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            DefaultParser parser = new DefaultParser();
            // Lua decides when a chunk is complete, not the line editor's quoting rules.
            parser.setEofOnUnclosedQuote(false);
            parser.setEofOnEscapedNewLine(false);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("moontide").parser(parser)
                    .variable(LineReader.HISTORY_FILE, env.history())
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .option(LineReader.Option.INSERT_TAB, true)
                    .build();
            cl.getOut().println("moontide " + version.moontide() + ", " + version.lua() + " in the kernel; runtime "
                    + (target.equals(RuntimeName.CONTROL) ? "- (control)" : target) + "; Ctrl-D quits");
            cl.getOut().flush();
            new Repl(env.driver(), target, prompt -> {
                try {
                    return reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    throw new Repl.Interrupted();
                } catch (EndOfFileException e) {
                    return null;
                }
            }, cl.getOut(), cl.getErr(), true).run();
            reader.getHistory().save();
        }
        return Moontide.EXIT_OK;
    }
}
