package dev.moontide.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moontide.kernel.FakeKernel;
import dev.moontide.kernel.KernelException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's decisions: expression or statement, complete or not, what it prints. */
class ReplTest {

    static final KernelException INCOMPLETE = new KernelException(8, "syntax", "eval:1: 'end' expected near <eof>");

    final FakeKernel kernel = new FakeKernel();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final List<String> prompts = new ArrayList<>();

    /** Feeds {@code lines}; null in the list stands for Ctrl-C. */
    void session(String runtime, boolean prompt, String... lines) throws KernelException {
        Deque<String> in = new ArrayDeque<>();
        for (String l : lines) {
            in.add(l == null ? "\u0003" : l);
        }
        new Repl(kernel, runtime, p -> {
            prompts.add(p);
            String line = in.poll();
            if ("\u0003".equals(line)) {
                throw new Repl.Interrupted();
            }
            return line;
        }, new PrintWriter(out), new PrintWriter(err), prompt).run();
    }

    @Test
    void anExpressionIsPrintedLikeTheLuaPrompt() throws KernelException {
        kernel.answer("return 6 * 7", List.of("42"));
        session("-", true, "6 * 7");
        assertEquals("42\n", out.toString());
        assertEquals(List.of("> ", "> "), prompts);
    }

    @Test
    void aTwoLineFunctionDefinitionContinuesThenRuns() throws KernelException {
        kernel.answer("function f(x)", INCOMPLETE)
                .answer("function f(x)\nreturn x * 2 end", List.of())
                .answer("return f(21)", List.of("42"));
        session("-", true, "function f(x)", "return x * 2 end", "return f(21)");
        assertEquals("42\n", out.toString());
        assertEquals("", err.toString());
        assertEquals(List.of("> ", ">> ", "> ", "> "), prompts);
        assertEquals(List.of("eval - return function f(x)", "eval - function f(x)",
                "eval - function f(x)\nreturn x * 2 end", "eval - return return f(21)", "eval - return f(21)"),
                kernel.calls);
    }

    @Test
    void severalResultsAreTabSeparatedAndNoResultsPrintNothing() throws KernelException {
        kernel.answer("return 1, nil, 'x'", List.of("1", "nil", "x")).answer("x = 1", List.of());
        session("-", false, "1, nil, 'x'", "x = 1");
        assertEquals("1\tnil\tx\n", out.toString());
        assertEquals(List.of("", ""), prompts.subList(0, 2));
    }

    @Test
    void aRuntimeErrorIsPrintedAndTheLoopGoesOn() throws KernelException {
        kernel.answer("return error('boom')", new KernelException(125, "runtime", "eval:1: boom"))
                .answer("return 1", List.of("1"));
        session("-", true, "error('boom')", "1");
        assertEquals("eval:1: boom\n", err.toString());
        assertEquals("1\n", out.toString());
    }

    @Test
    void aSyntaxErrorInsideTheLineIsPrintedNotContinued() throws KernelException {
        session("-", true, "x +* 1");
        assertEquals("eval:1: unexpected symbol near 'x'\n", err.toString());
        assertEquals(List.of("> ", "> "), prompts);
    }

    @Test
    void ctrlCDropsTheChunkBeingTyped() throws KernelException {
        kernel.answer("for i = 1, 2 do", INCOMPLETE).answer("return 2", List.of("2"));
        session("-", true, "for i = 1, 2 do", null, "2");
        assertEquals("2\n", out.toString());
        assertEquals(List.of("> ", ">> ", "> ", "> "), prompts);
    }

    @Test
    void blankLinesAreSkippedAndTheEndOfInputEndsTheLoop() throws KernelException {
        session("-", true, "", "   ");
        assertEquals(List.of(), kernel.calls);
    }

    @Test
    void anAttachedRuntimeNamesItsPromptAndIsWhereChunksRun() throws KernelException {
        kernel.answer("return count", List.of("41"));
        session("web", true, "count");
        assertEquals(List.of("web> ", "web> "), prompts);
        assertEquals(List.of("eval web return count"), kernel.calls);
    }

    @Test
    void losingTheDeviceEndsTheLoop() {
        kernel.loaded = false;
        KernelException e = assertThrows(KernelException.class, () -> session("-", true, "1"));
        assertEquals("device", e.kind());
    }
}
