package dev.moontide.plan;

import dev.moontide.manifest.ConfigSpec;
import dev.moontide.manifest.ManifestSet;
import dev.moontide.manifest.RuntimeManifest;
import java.io.IOException;
import java.util.ArrayList;
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

    /** Hashes the files of a loaded revision. */
    public static DesiredState of(ManifestSet set) throws IOException {
        Map<String, String> files = new TreeMap<>();
        List<DesiredRuntime> runtimes = new ArrayList<>();
        for (RuntimeManifest r : set.runtimes()) {
            String script = r.spec().script();
            String sha = files.get(script);
            if (sha == null) {
                sha = Sha256.of(set.root().resolve(script));
                files.put(script, sha);
            }
            for (String f : r.spec().files()) {
                if (!files.containsKey(f)) {
                    files.put(f, Sha256.of(set.root().resolve(f)));
                }
            }
            runtimes.add(new DesiredRuntime(r.name(), r.spec(), sha));
        }
        return new DesiredState(runtimes, files, set.configSpec().prune());
    }

    public Optional<DesiredRuntime> runtime(String name) {
        return runtimes.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
