package dev.moontide.kernel.protocol;

import dev.moontide.kernel.RuntimeInfo;
import java.util.List;
import java.util.Objects;

/**
 * A response of control protocol v1, as {@link ResponseParser} reads it from the kernel's JSON.
 *
 * <p>Which success record a response becomes depends on the request it answers; any request
 * may be answered by a {@link Failure}.
 */
public sealed interface Response permits Response.VersionInfo, Response.EvalResults, Response.RuntimeList,
        Response.Started, Response.Stopped, Response.Failure {

    /** Whether the kernel carried the request out ({@code "ok"} in the JSON). */
    boolean ok();

    /** Answer to {@code version}. */
    record VersionInfo(String moontide, String lua, int protocol) implements Response {
        public VersionInfo {
            Objects.requireNonNull(moontide, "moontide");
            Objects.requireNonNull(lua, "lua");
        }

        @Override
        public boolean ok() {
            return true;
        }
    }

    /** Answer to {@code eval}: the values the chunk returned, each as the kernel printed it. */
    record EvalResults(List<String> results) implements Response {
        public EvalResults {
            results = List.copyOf(results);
        }

        @Override
        public boolean ok() {
            return true;
        }
    }

    /** Answer to {@code list}: every runtime, in the kernel's order (sorted by name). */
    record RuntimeList(List<RuntimeInfo> runtimes) implements Response {
        public RuntimeList {
            runtimes = List.copyOf(runtimes);
        }

        @Override
        public boolean ok() {
            return true;
        }
    }

    /** Answer to {@code run}: the runtime as it started. */
    record Started(RuntimeInfo runtime) implements Response {
        public Started {
            Objects.requireNonNull(runtime, "runtime");
        }

        @Override
        public boolean ok() {
            return true;
        }
    }

    /** Answer to {@code stop}: the runtime is gone. */
    record Stopped() implements Response {
        @Override
        public boolean ok() {
            return true;
        }
    }

    /**
     * {@code "ok":false}: the kernel refused or failed the request.
     *
     * @param errno a positive Linux errno number
     * @param kind  the protocol's class of failure ({@code request}, {@code syntax}, {@code runtime},
     *              {@code memory}, {@code quota}, {@code interrupted}, {@code io}), or null when
     *              the kernel did not say
     * @param error the kernel's text
     */
    record Failure(int errno, String kind, String error) implements Response {
        public Failure {
            if (errno <= 0) {
                throw new IllegalArgumentException("errno must be positive, was " + errno);
            }
            Objects.requireNonNull(error, "error");
        }

        /** A failure that does not say its kind. */
        public Failure(int errno, String error) {
            this(errno, null, error);
        }

        @Override
        public boolean ok() {
            return false;
        }
    }
}
