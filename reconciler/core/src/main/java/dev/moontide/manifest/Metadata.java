package dev.moontide.manifest;

import java.util.Map;
import java.util.TreeMap;

/** {@code metadata}: the name (unique among the documents of its kind) and free-form labels. */
public record Metadata(String name, Map<String, String> labels) {

    public Metadata {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }
}
