package dev.moontide.plan;

import dev.moontide.manifest.ConfigSpec;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one revision declares: its runtimes (sorted by name), every file they need with its
 * sha256 (sorted by path), and the prune policy.
 */
public record DesiredState(List<DesiredRuntime> runtimes, Map<String, String> files, ConfigSpec.Prune prune) {

    public DesiredState {
        runtimes = runtimes.stream().sorted(Comparator.comparing(DesiredRuntime::name)).toList();
        files = Collections.unmodifiableMap(new TreeMap<>(files));
        Objects.requireNonNull(prune, "prune");
    }

    public Optional<DesiredRuntime> runtime(String name) {
        return runtimes.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
