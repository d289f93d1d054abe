package dev.moontide.cli;

import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.KernelException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/**
 * The read-eval-print loop, as the standard {@code lua} prompt does it: a line is first tried
 * as an expression ({@code return LINE}) and printed; otherwise it runs as a statement, and
 * a syntax error at the end of the input ({@code ... near <eof>}) asks for another line.
 */
final class Repl {

    /** Where lines come from: a line editor on a terminal, or plain standard input. */
    interface Lines {
        /**
         * The next line, without its newline.
         *
         * @return null at the end of input
         * @throws Interrupted when the user interrupts the line (Ctrl-C)
         */
        String read(String prompt) throws Interrupted;
    }

    /** Ctrl-C: drop the chunk being typed. */
    static final class Interrupted extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private final KernelDriver driver;
    private final String runtime;
    private final Lines lines;
    private final PrintWriter out;
    private final PrintWriter err;
    private final String prompt;
    private final String more;

    Repl(KernelDriver driver, String runtime, Lines lines, PrintWriter out, PrintWriter err, boolean prompts) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.lines = Objects.requireNonNull(lines, "lines");
        this.out = out;
        this.err = err;
        String name = runtime.equals("-") ? "" : runtime;
        this.prompt = prompts ? name + "> " : "";
        this.more = prompts ? name + ">> " : "";
    }

    /**
     * Reads, evaluates and prints until the end of input.
     *
     * @throws KernelException when the kernel cannot be reached any more (module unloaded)
     */
    void run() throws KernelException {
        while (true) {
            String line;
            try {
                line = lines.read(prompt);
            } catch (Interrupted e) {
                continue;
            }
            if (line == null) {
                return;
            }
            if (!line.isBlank()) {
                evaluate(line);
            }
        }
    }

    /** One chunk that starts with {@code line}. */
    private void evaluate(String line) throws KernelException {
        try {
            print(driver.eval(runtime, "return " + line));
            return;
        } catch (KernelException e) {
            if (!e.kind().equals(KernelException.SYNTAX)) {
                report(e);
                return;
            }
        }
        String chunk = line;
        while (true) {
            try {
                print(driver.eval(runtime, chunk));
                return;
            } catch (KernelException e) {
                if (!e.incompleteChunk()) {
                    report(e);
                    return;
                }
            }
            String next;
            try {
                next = lines.read(more);
            } catch (Interrupted e) {
                return;
            }
            if (next == null) {
                return;
            }
            chunk = chunk + "\n" + next;
        }
    }

    private void print(List<String> results) {
        if (!results.isEmpty()) {
            out.println(String.join("\t", results));
        }
        out.flush();
    }

    /** An error of the chunk is printed and the loop goes on; losing the device ends it. */
    private void report(KernelException e) throws KernelException {
        if (e.kind().equals(KernelException.DEVICE)) {
            throw e;
        }
        err.println(Format.oneLine(Moontide.kernelMessage(e)));
        err.flush();
    }
}
