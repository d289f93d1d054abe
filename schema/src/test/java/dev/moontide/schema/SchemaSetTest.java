package dev.moontide.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Rules every schema of the set keeps, whatever its kind. */
class SchemaSetTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @ParameterizedTest
    @ValueSource(strings = {Schemas.RUNTIME, Schemas.CONFIG, Schemas.MANIFEST})
    void declaresDraft2020_12AndAnIdMatchingItsResource(String resource) throws IOException {
        JsonNode schema = read(resource);
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
        assertEquals(Schemas.ID_PREFIX + resource.substring(Schemas.RESOURCE_PREFIX.length()),
                schema.path("$id").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {Schemas.RUNTIME, Schemas.CONFIG})
    void closesEveryObjectAndResolvesEveryReference(String resource) throws IOException {
        JsonNode schema = read(resource);
        List<String> problems = new ArrayList<>();
        walk(schema, "#", (node, where) -> {
            if ("object".equals(node.path("type").asText()) && node.has("properties")
                    && !node.path("additionalProperties").isBoolean()) {
                problems.add(where + ": properties without additionalProperties: false");
            }
            JsonNode ref = node.get("$ref");
            if (ref != null && !(ref.asText().startsWith("#/$defs/")
                    && schema.path("$defs").has(ref.asText().substring("#/$defs/".length())))) {
                problems.add(where + ": dangling " + ref.asText());
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void manifestSchemaRefersToTheSchemaOfEachKind() throws IOException {
        JsonNode all = read(Schemas.MANIFEST).path("allOf");
        assertEquals("runtime.schema.json", all.path(0).path("then").path("$ref").asText());
        assertEquals("config.schema.json", all.path(1).path("then").path("$ref").asText());
    }

    @Test
    void configDefaultsAreConservative() throws IOException {
        JsonNode defs = read(Schemas.CONFIG).path("$defs");
        assertEquals(false, defs.path("prune").path("properties").path("enabled").path("default").asBoolean(true));
        assertEquals(false, defs.path("prune").path("properties").path("allowEmpty").path("default").asBoolean(true));
        assertTrue(defs.path("signature").isMissingNode(), "the signature policy is the daemon's, not the repository's");
        assertTrue(defs.path("alerts").path("properties").path("webhooks").isMissingNode(),
                "alert URLs and keys are the daemon's; Git picks destinations by name");
        assertEquals("1m", defs.path("spec").path("properties").path("interval").path("default").asText());
    }

    @Test
    void kindPicksItsSchema() {
        assertEquals(Schemas.RUNTIME, Schemas.forKind("Runtime"));
        assertEquals(Schemas.CONFIG, Schemas.forKind("Config"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schemas.forKind("Pod"));
        assertEquals("unknown kind \"Pod\"; one of Runtime, Config", e.getMessage());
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = Schemas.open(resource)) {
            return JSON.readTree(in);
        }
    }

    private interface Visitor {
        void visit(JsonNode node, String where);
    }

    private static void walk(JsonNode node, String where, Visitor visitor) {
        if (node.isObject()) {
            visitor.visit(node, where);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                walk(field.getValue(), where + "/" + field.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "/" + i, visitor);
            }
        }
    }
}
