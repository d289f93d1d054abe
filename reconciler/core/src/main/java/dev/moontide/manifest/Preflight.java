package dev.moontide.manifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * Checks that Lua files compile in the kernel's dialect before anything reaches a kernel
 * (integers only: a float literal is a compile error there).
 */
public interface Preflight {

    /**
     * Compiles each of {@code paths} (relative to {@code root}) without running it.
     *
     * @return the compile error of each file that fails, keyed by its path; files that compile are absent
     * @throws IOException if the checker itself could not run
     */
    Map<String, String> check(Path root, Collection<String> paths) throws IOException;

    /** Says what checks the files, for reports: {@code luak /usr/bin/luak}. */
    String describe();

    /** Whether this checker checks anything; {@link #none()} does not. */
    default boolean active() {
        return true;
    }

    /** A checker that checks nothing, for when no {@code luak} is at hand; reports say so. */
    static Preflight none() {
        return new Preflight() {
            @Override
            public Map<String, String> check(Path root, Collection<String> paths) {
                return Map.of();
            }

            @Override
            public String describe() {
                return "none (no luak found: scripts were not pre-flight checked)";
            }

            @Override
            public boolean active() {
                return false;
            }
        };
    }
}
