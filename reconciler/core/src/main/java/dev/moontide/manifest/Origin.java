package dev.moontide.manifest;

import java.util.Objects;

/**
 * Where a document comes from: a file (relative to the repository root, with {@code /}) and the
 * 1-based index of the document in it.
 */
public record Origin(String file, int document) {

    public Origin {
        Objects.requireNonNull(file, "file");
        if (document < 1) {
            throw new IllegalArgumentException("document index is 1-based, was " + document);
        }
    }

    @Override
    public String toString() {
        return file + ": document " + document;
    }
}
