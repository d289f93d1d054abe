package dev.moontide.manifest;

import java.util.Objects;

/** A {@code kind: Runtime} document: one named runtime in the kernel running one entry script. */
public record RuntimeManifest(Origin origin, Metadata metadata, RuntimeSpec spec) implements Manifest {

    public static final String KIND = "Runtime";

    public RuntimeManifest {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(metadata.name(), "metadata.name");
        Objects.requireNonNull(spec, "spec");
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The runtime's name, in Git and in the kernel. */
    public String name() {
        return metadata.name();
    }
}
