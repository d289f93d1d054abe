package dev.moontide.manifest;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The valid manifests of one revision: the Config (if any) and the Runtimes, sorted by name.
 *
 * @param root      the repository's root on disk; every path of the manifests is relative to it
 * @param config    the Config document, if the repository has one
 * @param runtimes  every Runtime, sorted by name
 * @param preflight what checked the scripts ({@link Preflight#describe()})
 */
public record ManifestSet(Path root, Optional<ConfigManifest> config, List<RuntimeManifest> runtimes,
        String preflight) {

    public ManifestSet {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(config, "config");
        runtimes = runtimes.stream().sorted(Comparator.comparing(RuntimeManifest::name)).toList();
        Objects.requireNonNull(preflight, "preflight");
    }

    /** The Config's spec, or the defaults when the repository has none. */
    public ConfigSpec configSpec() {
        return config.map(ConfigManifest::spec).orElse(ConfigSpec.DEFAULT);
    }

    /** The Runtime of that name, if declared. */
    public Optional<RuntimeManifest> runtime(String name) {
        return runtimes.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
