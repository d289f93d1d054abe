package dev.moontide.manifest;

import java.util.Objects;

/**
 * One problem in a repository of manifests, located as precisely as it can be:
 * {@code manifests/web.yaml: document 2: spec.dependsOn[0]: no Runtime named "db"}.
 *
 * @param file     repository-relative file, with {@code /}
 * @param document 1-based document index in the file; 0 when the problem is the whole file's
 * @param field    path of the field in the document ({@code spec.files[1]}); empty when none
 * @param line     1-based line of the field or problem in the file; 0 when unknown
 * @param message  what is wrong, in lower case, without a final period
 */
public record ManifestError(String file, int document, String field, int line, String message) {

    public ManifestError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** A problem of a field of a document. */
    public static ManifestError at(Origin origin, String field, int line, String message) {
        return new ManifestError(origin.file(), origin.document(), field, line, message);
    }

    /** A problem of a whole file. */
    public static ManifestError ofFile(String file, String message) {
        return new ManifestError(file, 0, "", 0, message);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (document > 0) {
            b.append(": document ").append(document);
        }
        if (!field.isEmpty()) {
            b.append(": ").append(field);
        }
        return b.append(": ").append(message).toString();
    }
}
