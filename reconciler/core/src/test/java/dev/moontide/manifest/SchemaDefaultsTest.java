package dev.moontide.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moontide.schema.Schemas;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schema is where a default is written: every {@code "default"} in a kind's schema must be
 * what the Java record fills in when the field is left out. The walk finds the defaults itself,
 * so a default added to the schema (or changed in a record) fails here until both agree.
 */
class SchemaDefaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The smallest spec of each kind, and objects that have required fields, as a manifest would give them. */
    private static final Map<String, String> MINIMAL = Map.of(
            Schemas.CONFIG, "{\"alerts\": {\"destinations\": [\"ops\"]}}",
            Schemas.RUNTIME, "{\"script\": \"a.lua\", \"health\": {}}");

    private static final Map<String, Class<?>> RECORD = Map.of(Schemas.CONFIG, ConfigSpec.class,
            Schemas.RUNTIME, RuntimeSpec.class);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Schemas.CONFIG, Schemas.RUNTIME})
    void everySchemaDefaultIsWhatTheRecordFillsIn(String schema) throws IOException {
        JsonNode root;
        try (InputStream in = Schemas.open(schema)) {
            root = JSON.readTree(in);
        }
        Object filled = JSON.readValue(MINIMAL.get(schema), RECORD.get(schema));
        JsonNode actual = JSON.valueToTree(filled);
        List<String> checked = new ArrayList<>();
        walk(root, root.at("/$defs/spec"), actual, "spec", checked);
        assertEquals(root.findValues("default").size(), checked.size(),
                "defaults in " + schema + " the walk reached: " + checked);
    }

    private static void walk(JsonNode root, JsonNode schema, JsonNode value, String path, List<String> checked) {
        if (schema.has("$ref")) {
            schema = root.at(schema.get("$ref").asText().substring(1));
        }
        if (schema.has("default")) {
            assertEquals(schema.get("default"), value, path + ": the schema's default against the record's");
            checked.add(path);
        }
        if (schema.has("items") && value.isArray() && !value.isEmpty()) {
            walk(root, schema.get("items"), value.get(0), path + "[0]", checked);
        }
        schema.path("properties").fields().forEachRemaining(p -> {
            JsonNode v = value.path(p.getKey());
            walk(root, p.getValue(), v.isMissingNode() ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : v,
                    path + "." + p.getKey(), checked);
        });
    }
}
