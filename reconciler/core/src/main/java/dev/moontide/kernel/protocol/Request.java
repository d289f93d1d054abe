package dev.moontide.kernel.protocol;

import dev.moontide.kernel.RunSpec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A request of control protocol v1: one request is one {@code write(2)} to the control device.
 *
 * <p>{@link #wire()} is the exact text of that write, with no trailing newline.
 */
public sealed interface Request permits Request.Version, Request.Eval, Request.ListRuntimes, Request.Run, Request.Stop {

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

    /** {@code list}: asks for every runtime, sorted by name. */
    record ListRuntimes() implements Request {
        @Override
        public String wire() {
            return "list";
        }
    }

    /**
     * {@code run NAME SCRIPT [context=C] [spawn] [memory=BYTES] [quota=N]}: starts a runtime.
     *
     * <p>Options the spec leaves empty are left off, so the kernel applies its defaults;
     * {@code context=process} is always written, so the request says what it means.
     */
    record Run(RunSpec spec) implements Request {
        public Run {
            Objects.requireNonNull(spec, "spec");
        }

        @Override
        public String wire() {
            StringBuilder out = new StringBuilder("run ").append(spec.name()).append(' ').append(spec.script())
                    .append(" context=").append(spec.context().wire());
            if (spec.spawn()) {
                out.append(" spawn");
            }
            spec.memory().ifPresent(m -> out.append(" memory=").append(m));
            spec.quota().ifPresent(q -> out.append(" quota=").append(q));
            return out.toString();
        }
    }

    /** {@code stop NAME}: stops runtime {@code NAME} and frees it. */
    record Stop(String runtime) implements Request {
        public Stop {
            RuntimeName.check(runtime);
            if (runtime.equals(RuntimeName.CONTROL)) {
                throw new IllegalArgumentException("the control runtime \"-\" cannot be stopped");
            }
        }

        @Override
        public String wire() {
            return "stop " + runtime;
        }
    }
}
