package dev.moontide.manifest;

import java.util.Objects;

/** The {@code kind: Config} document: repository-level settings. A repository has at most one. */
public record ConfigManifest(Origin origin, ConfigSpec spec) implements Manifest {

    public static final String KIND = "Config";

    public ConfigManifest {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(spec, "spec");
    }

    @Override
    public String kind() {
        return KIND;
    }
}
