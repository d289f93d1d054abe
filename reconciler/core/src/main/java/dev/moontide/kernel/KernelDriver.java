package dev.moontide.kernel;

import java.util.List;

/**
 * What the reconciler and the {@code moontide} command ask of the kernel's runtimes.
 *
 * <p>{@link DeviceDriver} speaks protocol v1 over {@code /dev/moontide}.
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
}
