package dev.moontide.kernel;

import java.util.List;

/**
 * What the reconciler and the {@code moontide} command ask of the kernel's runtimes.
 *
 * <p>{@link DeviceDriver} speaks protocol v1 over {@code /dev/moontide};
 * {@link dev.moontide.kernel.lunatik.LunatikDriver} speaks upstream Lunatik's protocol over
 * {@code /dev/lunatik}.
 */
public interface KernelDriver {

    /** The module's and Lua's versions and the control protocol's version. */
    KernelVersion version() throws KernelException;

    /** Every runtime, sorted by name. */
    List<RuntimeInfo> list() throws KernelException;

    /** Starts a runtime; fails if one of that name exists or the script fails to load or run. */
    RuntimeInfo run(RunSpec spec) throws KernelException;

    /** Stops runtime {@code name} (waiting for a spawned thread) and frees it. */
    void stop(String name) throws KernelException;

    /**
     * Runs a Lua chunk in runtime {@code runtime} ({@code "-"}: the control runtime) and
     * returns its results, each converted with {@code tostring}.
     */
    List<String> eval(String runtime, String chunk) throws KernelException;

    /**
     * Whether {@link #list()} reports each runtime's sha256, context, spawn, state and limits.
     * False for a driver that can tell only which runtimes exist (upstream Lunatik's protocol):
     * drift is then detected by presence, and script content by the files on disk.
     */
    default boolean reportsDetails() {
        return true;
    }

    /**
     * The names runtimes have by their script, for a driver whose kernel keys runtimes by script
     * (Lunatik): {@link #list()} reports a runtime of one of these scripts under its name here.
     */
    default void expectNames(java.util.Map<String, String> nameByScript) {
    }

    /** What this driver talks to, for messages: the device it uses. */
    default String describe() {
        return "moontide";
    }
}
