package dev.moontide.manifest;

/** One validated document of a repository: a {@link RuntimeManifest} or the {@link ConfigManifest}. */
public sealed interface Manifest permits RuntimeManifest, ConfigManifest {

    /** The API version every document declares. */
    String API_VERSION = "moontide.dev/v1alpha1";

    /** Where the document was read. */
    Origin origin();

    /** Its {@code kind}. */
    String kind();
}
