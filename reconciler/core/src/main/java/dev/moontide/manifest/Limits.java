package dev.moontide.manifest;

/**
 * {@code spec.limits}; a null field leaves the kernel's default.
 *
 * @param memory bytes the runtime's Lua state may hold
 * @param quota  VM instructions per entry into the runtime
 */
public record Limits(Long memory, Long quota) {

    public static final Limits DEFAULT = new Limits(null, null);
}
