package dev.moontide.kernel.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A response of control protocol v1, as {@link ResponseParser} reads it from the kernel's JSON.
 *
 * <p>Which success record a response becomes depends on the request it answers; any request
 * may be answered by a {@link Failure}.
 */
public sealed interface Response permits Response.VersionInfo, Response.EvalResults, Response.Failure {

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

    /** {@code "ok":false}: the kernel refused or failed the request. */
    record Failure(int errno, String error) implements Response {
        public Failure {
            if (errno <= 0) {
                throw new IllegalArgumentException("errno must be positive, was " + errno);
            }
            Objects.requireNonNull(error, "error");
        }

        @Override
        public boolean ok() {
            return false;
        }
    }
}
