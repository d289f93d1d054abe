package dev.moontide.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.moontide.schema.Schemas;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates one document against the JSON Schema of its kind (from {@code schema/}) and words
 * each violation as a {@link ManifestError} naming the field.
 */
final class SchemaCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaIdResolvers(r -> r.mapPrefix(Schemas.ID_PREFIX, "classpath:" + Schemas.RESOURCE_PREFIX)));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final Map<String, JsonNode> TREES = new ConcurrentHashMap<>();

    private SchemaCheck() {
    }

    /** The violations of {@code doc} against the schema of {@code kind}, ordered by field. */
    static List<ManifestError> check(YamlDocuments.Document doc, String kind) {
        String resource = Schemas.forKind(kind);
        Schema schema = SCHEMAS.computeIfAbsent(resource,
                r -> REGISTRY.getSchema(SchemaLocation.of(Schemas.ID_PREFIX + r.substring(Schemas.RESOURCE_PREFIX.length()))));
        List<Error> raw = new ArrayList<>(schema.validate(doc.tree()));
        raw.sort(Comparator.comparing((Error e) -> field(e)).thenComparing(Error::getKeyword));
        List<ManifestError> errors = new ArrayList<>();
        for (Error e : raw) {
            String field = field(e);
            ManifestError m = ManifestError.at(doc.origin(), field, doc.line(field), message(e, tree(resource)));
            if (!errors.contains(m)) {
                errors.add(m);
            }
        }
        return errors;
    }

    /** The field an error is about: the instance path, plus the property for required and unknown ones. */
    private static String field(Error e) {
        String field = path(e.getInstanceLocation());
        String property = e.getProperty();
        if (property != null && ("required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword()))) {
            field = field.isEmpty() ? property : field + "." + property;
        }
        return field;
    }

    static String path(NodePath path) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Number n) {
                b.append('[').append(n).append(']');
            } else {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(element);
            }
        }
        return b.toString();
    }

    private static String message(Error e, JsonNode schemaTree) {
        JsonNode rule = rule(e, schemaTree);
        JsonNode value = e.getInstanceNode();
        String location = e.getSchemaLocation() == null ? "" : e.getSchemaLocation().toString();
        return switch (e.getKeyword()) {
            case "additionalProperties" -> "unknown field" + operatorOnly(location, path(e.getInstanceLocation()),
                    e.getProperty());
            case "required" -> "required field is missing";
            case "type" -> "must be " + article(rule.asText()) + ", was " + describe(value);
            case "enum" -> "must be one of " + list(rule) + ", was " + describe(value);
            case "const" -> "must be " + rule + ", was " + describe(value);
            case "minimum" -> "must be at least " + rule.asText() + ", was " + describe(value);
            case "maximum" -> "must be at most " + rule.asText()
                    + (location.contains("/then/") ? " in context softirq or hardirq (its ceiling)" : "")
                    + ", was " + describe(value);
            case "minLength" -> rule.asInt() == 1 ? "must not be empty" : "must have at least " + rule.asInt() + " characters";
            case "maxLength" -> "must have at most " + rule.asInt() + " characters, was " + value.asText().length();
            case "uniqueItems" -> "must not list an item twice";
            case "not" -> location.contains("/relativePath/")
                    ? "must be a relative path inside the repository (no leading /, no .. segment), was " + describe(value)
                    : "must not contain a .. segment, was " + describe(value);
            case "pattern" -> pattern(location, rule, value);
            default -> e.getMessage().replaceFirst("^\\$[^:]*: ", "");
        };
    }

    /** Why a Config field that once was valid is now refused: it belongs to the operator, not to Git. */
    private static String operatorOnly(String location, String at, String property) {
        if (!location.contains("config.schema.json")) {
            return "";
        }
        if ("spec".equals(at) && "signature".equals(property)) {
            return "; the signature policy is the daemon's own configuration (moontide.signature.*), never the"
                    + " repository's";
        }
        if ("spec.alerts".equals(at) && !"destinations".equals(property)) {
            return "; alert URLs and keys are the daemon's (moontide.alerts.destinations.NAME.*): pick them by name"
                    + " in spec.alerts.destinations";
        }
        return "";
    }

    private static String pattern(String location, JsonNode rule, JsonNode value) {
        if (location.endsWith("/$defs/name/pattern") || location.endsWith("/metadata/properties/name/pattern")) {
            return "must be a lowercase DNS label (a-z, 0-9 and '-', starting and ending with a letter or digit), was "
                    + describe(value);
        }
        if (location.contains("/interval/")) {
            return "must be a whole number of s, m or h (\"30s\", \"5m\", \"1h\"), was " + describe(value);
        }
        if (location.contains("/device/")) {
            return "must be a device node under /dev, was " + describe(value);
        }
        return "must match " + rule.asText() + ", was " + describe(value);
    }

    /** The value of the keyword that failed, looked up by its schema location in our own copy. */
    private static JsonNode rule(Error e, JsonNode schemaTree) {
        if (e.getSchemaLocation() == null) {
            return JSON.nullNode();
        }
        String location = e.getSchemaLocation().toString();
        int hash = location.indexOf('#');
        if (hash < 0) {
            return JSON.nullNode();
        }
        JsonNode tree = schemaTree;
        String iri = location.substring(0, hash);
        if (iri.startsWith(Schemas.ID_PREFIX)) {
            tree = tree(Schemas.RESOURCE_PREFIX + iri.substring(Schemas.ID_PREFIX.length()));
        }
        JsonNode node = tree.at(location.substring(hash + 1));
        return node.isMissingNode() ? JSON.nullNode() : node;
    }

    private static JsonNode tree(String resource) {
        return TREES.computeIfAbsent(resource, r -> {
            try (InputStream in = Schemas.open(r)) {
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String list(JsonNode values) {
        StringJoiner j = new StringJoiner(", ");
        values.forEach(v -> j.add(v.asText()));
        return j.toString();
    }

    private static String article(String type) {
        return switch (type) {
            case "object", "array", "integer" -> "an " + type;
            default -> "a " + type;
        };
    }

    /** A value as the message shows it: strings quoted, containers by kind. */
    static String describe(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        }
        if (value.isTextual()) {
            return "\"" + value.textValue() + "\"";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        return value.toString();
    }
}
