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

    private Schemas() {
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
