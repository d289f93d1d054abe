package dev.moontide.schema;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

/**
 * Where the JSON Schemas of the manifests live on the class path.
 *
 * <p>The schema files are the single source of the manifest types; this class only finds them.
 */
public final class Schemas {

    /** The API version every manifest of this schema set declares. */
    public static final String API_VERSION = "moontide.dev/v1alpha1";

    /** Class-path resource of the {@code kind: Runtime} schema (JSON Schema draft 2020-12). */
    public static final String RUNTIME = "dev/moontide/schema/v1alpha1/runtime.schema.json";

    /** Class-path resource of the repository-level {@code kind: Config} schema. */
    public static final String CONFIG = "dev/moontide/schema/v1alpha1/config.schema.json";

    /** Class-path resource of the schema of any document: picks {@link #RUNTIME} or {@link #CONFIG} by kind. */
    public static final String MANIFEST = "dev/moontide/schema/v1alpha1/manifest.schema.json";

    /** The {@code $id} prefix of every schema here; the rest of an {@code $id} is its resource name. */
    public static final String ID_PREFIX = "https://moontide.dev/schema/";

    /** The class-path folder that {@link #ID_PREFIX} stands for. */
    public static final String RESOURCE_PREFIX = "dev/moontide/schema/";

    private Schemas() {
    }

    /**
     * The schema resource of a document kind.
     *
     * @throws IllegalArgumentException naming the known kinds if {@code kind} is none of them
     */
    public static String forKind(String kind) {
        return switch (kind) {
            case "Runtime" -> RUNTIME;
            case "Config" -> CONFIG;
            default -> throw new IllegalArgumentException("unknown kind \"" + kind + "\"; one of Runtime, Config");
        };
    }

    /** The URL of a schema resource, such as {@link #RUNTIME}. */
    public static URL url(String resource) {
        URL url = Schemas.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no schema resource " + resource + " on the class path");
        }
        return url;
    }

    /** Opens a schema resource, such as {@link #RUNTIME}; the caller closes the stream. */
    public static InputStream open(String resource) throws IOException {
        return url(resource).openStream();
    }
}
