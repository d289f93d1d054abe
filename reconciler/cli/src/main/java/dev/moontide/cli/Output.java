package dev.moontide.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moontide.kernel.RuntimeInfo;

/**
 * {@code --output} of every verb: {@code text} for people ({@code table} is the same), or
 * {@code json} for machines. Any case; anything else is a usage error.
 */
enum Output {
    text, json;

    static Output parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "text", "table" -> text;
            case "json" -> json;
            default -> throw new picocli.CommandLine.TypeConversionException(
                    "unknown output '" + s + "': text (or table) or json");
        };
    }

    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    static String write(Object tree) {
        try {
            return Json.MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A runtime with the protocol's field names, plus {@code age_ns}. */
    static ObjectNode runtime(RuntimeInfo r, long nowNs) {
        ObjectNode o = object();
        o.put("name", r.name());
        o.put("script", r.script());
        o.put("sha256", r.sha256());
        o.put("context", r.context().wire());
        o.put("spawn", r.spawn());
        o.put("state", r.state().wire());
        o.put("started_ns", r.startedNs());
        o.put("age_ns", r.ageNs(nowNs));
        o.put("memory", r.memory());
        o.put("memory_limit", r.memoryLimit());
        o.put("quota", r.quota());
        o.put("error", r.error());
        o.put("uid", r.uid());
        o.put("comm", r.comm());
        return o;
    }
}
