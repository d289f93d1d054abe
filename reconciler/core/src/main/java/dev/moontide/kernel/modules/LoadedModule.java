package dev.moontide.kernel.modules;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A module the kernel has loaded, as {@code /sys/module/NAME} shows it.
 *
 * @param name    the module's name
 * @param version its {@code MODULE_VERSION}, if it has one
 * @param refcnt  references held on it: modules using its symbols, open files of its devices
 * @param holders modules that use it ({@code holders/})
 * @param state   {@code live}, {@code coming} or {@code going} ({@code initstate})
 */
public record LoadedModule(String name, Optional<String> version, int refcnt, List<String> holders, String state) {
    public LoadedModule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        holders = List.copyOf(holders);
        Objects.requireNonNull(state, "state");
    }

    /** References that are not modules holding it: open device files, running threads, C API users. */
    public int otherReferences() {
        return Math.max(0, refcnt - holders.size());
    }
}
