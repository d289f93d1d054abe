package dev.moontide.kernel;

import java.util.Objects;

/**
 * Answer to {@code version}.
 *
 * @param moontide the module's version, e.g. {@code 0.1.0}
 * @param lua      the Lua dialect, e.g. {@code Lua 5.4-kernel}
 * @param protocol the control protocol's version, 1
 */
public record KernelVersion(String moontide, String lua, int protocol) {
    public KernelVersion {
        Objects.requireNonNull(moontide, "moontide");
        Objects.requireNonNull(lua, "lua");
    }
}
