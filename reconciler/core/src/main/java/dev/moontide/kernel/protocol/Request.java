package dev.moontide.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A request of control protocol v1: one request is one {@code write(2)} to the control device.
 *
 * <p>{@link #wire()} is the exact text of that write, with no trailing newline.
 */
public sealed interface Request permits Request.Version, Request.Eval {

    /** The text written to the control device. */
    String wire();

    /** {@link #wire()} as the UTF-8 bytes of the one {@code write(2)}. */
    default byte[] encode() {
        return wire().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code version}: asks the kernel for its moontide, Lua and protocol versions. */
    record Version() implements Request {
        @Override
        public String wire() {
            return "version";
        }
    }

    /**
     * {@code eval NAME} + newline + a Lua chunk: runs the chunk in runtime {@code NAME}.
     *
     * @param runtime a runtime name (see {@link RuntimeName}), or {@value RuntimeName#CONTROL}
     *                for the kernel's control runtime
     * @param chunk   Lua source, sent as it is; it may span lines
     */
    record Eval(String runtime, String chunk) implements Request {
        public Eval {
            RuntimeName.check(runtime);
            Objects.requireNonNull(chunk, "chunk");
        }

        @Override
        public String wire() {
            return "eval " + runtime + "\n" + chunk;
        }
    }
}
