package dev.moontide.kernel.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moontide.kernel.Context;
import dev.moontide.kernel.RunState;
import dev.moontide.kernel.RuntimeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the one JSON object the kernel returns for a request.
 *
 * <p>Fields the protocol may add later are ignored; a missing or mistyped field that the
 * protocol defines is an error that names the field.
 */
public final class ResponseParser {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ResponseParser() {
    }

    /**
     * Parses {@code text}, the kernel's answer to {@code request}.
     *
     * @throws MalformedResponseException if the text is not JSON, not an object, or lacks or
     *                                    mistypes a field the protocol defines for this answer
     */
    public static Response parse(Request request, String text) throws MalformedResponseException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(text, "text");
        JsonNode root = readObject(text);
        if (!bool(root, "ok")) {
            return new Response.Failure(errno(root), optionalString(root, "kind"), string(root, "error"));
        }
        if (request instanceof Request.Version) {
            return new Response.VersionInfo(string(root, "moontide"), string(root, "lua"), integer(root, "protocol"));
        }
        if (request instanceof Request.Eval) {
            return new Response.EvalResults(strings(root, "results"));
        }
        if (request instanceof Request.ListRuntimes) {
            return new Response.RuntimeList(runtimes(root, "runtimes"));
        }
        if (request instanceof Request.Run) {
            return new Response.Started(runtime(object(root, "runtime"), quote("runtime")));
        }
        if (request instanceof Request.Stop) {
            return new Response.Stopped();
        }
        throw new IllegalStateException("no parser for " + request.getClass().getName());
    }

    private static JsonNode readObject(String text) throws MalformedResponseException {
        if (text.isBlank()) {
            throw new MalformedResponseException("response is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedResponseException("response is not valid JSON" + at(e.getLocation())
                    + ": " + e.getOriginalMessage(), e);
        }
        if (!root.isObject()) {
            throw new MalformedResponseException("response is a JSON " + kind(root) + ", not an object");
        }
        return root;
    }

    private static JsonNode field(JsonNode root, String name) throws MalformedResponseException {
        JsonNode value = root.get(name);
        if (value == null) {
            throw new MalformedResponseException("response field " + quote(name) + " is missing");
        }
        return value;
    }

    private static boolean bool(JsonNode root, String name) throws MalformedResponseException {
        JsonNode value = field(root, name);
        if (!value.isBoolean()) {
            throw mistyped(quote(name), "a boolean", value);
        }
        return value.booleanValue();
    }

    private static String string(JsonNode root, String name) throws MalformedResponseException {
        JsonNode value = field(root, name);
        if (!value.isTextual()) {
            throw mistyped(quote(name), "a string", value);
        }
        return value.textValue();
    }

    private static int integer(JsonNode root, String name) throws MalformedResponseException {
        JsonNode value = field(root, name);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw mistyped(quote(name), "an integer", value);
        }
        return value.intValue();
    }

    private static long longInteger(JsonNode root, String name) throws MalformedResponseException {
        JsonNode value = field(root, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw mistyped(quote(name), "an integer", value);
        }
        return value.longValue();
    }

    /** An optional string: absent or null gives null. */
    private static String optionalString(JsonNode root, String name) throws MalformedResponseException {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw mistyped(quote(name), "a string", value);
        }
        return value.textValue();
    }

    /** A field that must be present and be a string or null. */
    private static String nullableString(JsonNode root, String name) throws MalformedResponseException {
        field(root, name);
        return optionalString(root, name);
    }

    private static JsonNode object(JsonNode root, String name) throws MalformedResponseException {
        JsonNode value = field(root, name);
        if (!value.isObject()) {
            throw mistyped(quote(name), "an object", value);
        }
        return value;
    }

    private static List<RuntimeInfo> runtimes(JsonNode root, String name) throws MalformedResponseException {
        JsonNode value = field(root, name);
        if (!value.isArray()) {
            throw mistyped(quote(name), "an array of runtimes", value);
        }
        List<RuntimeInfo> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            String where = quote(name) + "[" + i + "]";
            JsonNode item = value.get(i);
            if (!item.isObject()) {
                throw mistyped(where, "an object", item);
            }
            out.add(runtime(item, where));
        }
        return out;
    }

    /** A RUNTIME object; {@code where} prefixes the field names in messages. */
    private static RuntimeInfo runtime(JsonNode node, String where) throws MalformedResponseException {
        try {
            return new RuntimeInfo(string(node, "name"), string(node, "script"), string(node, "sha256"),
                    Context.parse(string(node, "context")), bool(node, "spawn"),
                    RunState.parse(string(node, "state")), longInteger(node, "started_ns"),
                    longInteger(node, "memory"), longInteger(node, "memory_limit"), longInteger(node, "quota"),
                    nullableString(node, "error"), longInteger(node, "uid"), string(node, "comm"));
        } catch (MalformedResponseException e) {
            throw new MalformedResponseException(where + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MalformedResponseException(where + ": " + e.getMessage(), e);
        }
    }

    private static int errno(JsonNode root) throws MalformedResponseException {
        int errno = integer(root, "errno");
        if (errno <= 0) {
            throw new MalformedResponseException("response field \"errno\" must be positive, was " + errno);
        }
        return errno;
    }

    private static List<String> strings(JsonNode root, String name) throws MalformedResponseException {
        JsonNode value = field(root, name);
        if (!value.isArray()) {
            throw mistyped(quote(name), "an array of strings", value);
        }
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                throw mistyped(quote(name) + "[" + i + "]", "a string", item);
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** {@code where} is the field as the message shows it: {@code "ok"} or {@code "results"[1]}. */
    private static MalformedResponseException mistyped(String where, String expected, JsonNode value) {
        return new MalformedResponseException("response field " + where + " must be " + expected
                + ", was " + kind(value) + " " + value);
    }

    private static String quote(String name) {
        return "\"" + name + "\"";
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "array";
            case OBJECT, POJO -> "object";
            case STRING, BINARY -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case MISSING -> "value";
        };
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
