package dev.moontide.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static JsonNode schema;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = Schemas.open(Schemas.RUNTIME)) {
            schema = JSON.readTree(in);
        }
    }

    @Test
    void parsesAsAJsonObjectDeclaringDraft2020_12() {
        assertTrue(schema.isObject(), "schema root is a JSON object");
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
    }

    @Test
    void pinsApiVersionAndKind() {
        JsonNode properties = schema.path("properties");
        assertEquals(Schemas.API_VERSION, properties.path("apiVersion").path("const").asText());
        assertEquals("Runtime", properties.path("kind").path("const").asText());
    }

    @Test
    void closesEveryObjectAgainstUnknownProperties() {
        List<String> open = new ArrayList<>();
        walk(schema, "#", (node, where) -> {
            if (!"object".equals(node.path("type").asText())) {
                return;
            }
            JsonNode additional = node.get("additionalProperties");
            if (additional == null) {
                open.add(where + ": no additionalProperties");
            } else if (node.has("properties") && !additional.equals(JSON.getNodeFactory().booleanNode(false))) {
                open.add(where + ": declares properties but additionalProperties is not false");
            }
        });
        assertEquals(List.of(), open);
    }

    @Test
    void requiresOnlyDeclaredProperties() {
        List<String> unknown = new ArrayList<>();
        walk(schema, "#", (node, where) -> {
            for (JsonNode name : node.path("required")) {
                if (!node.path("properties").has(name.asText())) {
                    unknown.add(where + " requires undeclared " + name.asText());
                }
            }
        });
        assertEquals(List.of(), unknown);
    }

    @Test
    void resolvesEveryReferenceToADefinition() {
        List<String> dangling = new ArrayList<>();
        walk(schema, "#", (node, where) -> {
            JsonNode ref = node.get("$ref");
            if (ref == null) {
                return;
            }
            String target = ref.asText();
            if (!target.startsWith("#/$defs/") || !schema.path("$defs").has(target.substring("#/$defs/".length()))) {
                dangling.add(where + " -> " + target);
            }
        });
        assertEquals(List.of(), dangling);
    }

    @Test
    void keepsEveryDefaultInsideItsEnum() {
        List<String> outside = new ArrayList<>();
        walk(schema, "#", (node, where) -> {
            if (node.has("enum") && node.has("default")) {
                boolean listed = false;
                for (JsonNode value : node.get("enum")) {
                    listed |= value.equals(node.get("default"));
                }
                if (!listed) {
                    outside.add(where + ": default " + node.get("default"));
                }
            }
        });
        assertEquals(List.of(), outside);
        assertEquals("process", spec("context").path("default").asText());
        assertEquals("alert", spec("driftPolicy").path("default").asText());
        assertFalse(spec("spawn").path("default").asBoolean(true));
    }

    @ParameterizedTest(name = "name \"{0}\" accepted: {1}")
    @CsvSource({
        "web,               true",
        "web-1,             true",
        "0,                 true",
        "a23456789012345678901234567890123456789012345678901234567890123, true",
        "a234567890123456789012345678901234567890123456789012345678901234, false",
        "Web,               false",
        "-web,              false",
        "web-,              false",
        "web_1,             false",
        "web.1,             false",
        "'',                false",
    })
    void nameIsADnsLabel(String name, boolean accepted) {
        JsonNode def = schema.path("$defs").path("name");
        boolean ok = name.length() >= def.path("minLength").asInt()
                && name.length() <= def.path("maxLength").asInt()
                && matches(def.path("pattern"), name);
        assertEquals(accepted, ok);
    }

    @ParameterizedTest(name = "path \"{0}\" accepted: {1}")
    @CsvSource({
        "hello.lua,          true",
        "lib/net/util.lua,   true",
        "a/..b/c.lua,        true",
        "..a.lua,            true",
        "/etc/passwd,        false",
        "../secret.lua,      false",
        "lib/../../x.lua,    false",
        "lib/..,             false",
        "..,                 false",
        "'',                 false",
    })
    void relativePathHasNoLeadingSlashNorDotDotSegment(String path, boolean accepted) {
        JsonNode def = schema.path("$defs").path("relativePath");
        boolean refused = false;
        for (JsonNode forbidden : def.path("not").path("anyOf")) {
            refused |= matches(forbidden.path("pattern"), path);
        }
        boolean ok = path.length() >= def.path("minLength").asInt() && !refused;
        assertEquals(accepted, ok);
    }

    @ParameterizedTest(name = "health device \"{0}\" accepted: {1}")
    @CsvSource({
        "/dev/hello,       true",
        "/dev/net/tun,     true",
        "/dev/,            false",
        "/dev//x,          false",
        "/tmp/hello,       false",
        "dev/hello,        false",
        "/dev/../etc/x,    false",
    })
    void healthDeviceLiesUnderDev(String device, boolean accepted) {
        JsonNode def = schema.path("$defs").path("health").path("properties").path("device");
        boolean ok = matches(def.path("pattern"), device) && !matches(def.path("not").path("pattern"), device);
        assertEquals(accepted, ok);
    }

    @Test
    void unknownResourceIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schemas.url("dev/moontide/schema/v1alpha1/nothing.schema.json"));
        assertEquals("no schema resource dev/moontide/schema/v1alpha1/nothing.schema.json on the class path",
                e.getMessage());
    }

    private static JsonNode spec(String property) {
        return schema.path("$defs").path("spec").path("properties").path(property);
    }

    /** JSON Schema patterns are not anchored: a match anywhere in the string counts. */
    private static boolean matches(JsonNode pattern, String value) {
        assertNotNull(pattern.textValue(), "pattern present");
        return Pattern.compile(pattern.textValue()).matcher(value).find();
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
