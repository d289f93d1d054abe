package dev.moontide.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Splits a YAML file into documents and turns each into a Jackson tree, safely.
 *
 * <p>SnakeYAML only <em>composes</em> here (a safe-mode {@link Yaml} with limits on aliases,
 * nesting and size): no Java object is ever constructed from the YAML, so no tag can name a
 * type. The nodes become JSON values by YAML 1.1's core tags only (map, seq, str, int, bool,
 * null, float, timestamp as text); any other tag, a merge key, a duplicate key, a non-scalar key
 * or a recursive alias is an error naming the field. The line of every field is kept so errors
 * can point at it.
 */
final class YamlDocuments {

    /** Largest manifest file read, in code points. */
    static final int MAX_CODE_POINTS = 1 << 20;
    /** Aliases of collections allowed per file (a few, for shared lists; not a billion laughs). */
    static final int MAX_ALIASES = 16;
    /** Deepest nesting of collections. */
    static final int MAX_DEPTH = 32;
    /** Most JSON values one document may expand to, aliases included. */
    static final int MAX_VALUES = 100_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<Tag> SCALARS = Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.NULL, Tag.FLOAT, Tag.TIMESTAMP);

    /** One non-empty document: its origin, its tree, and the line of each field path. */
    record Document(Origin origin, JsonNode tree, Map<String, Integer> lines) {

        /** The line of {@code field} or of the nearest enclosing field that has one; 0 if none. */
        int line(String field) {
            String f = field;
            while (true) {
                Integer line = lines.get(f);
                if (line != null) {
                    return line;
                }
                int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
                if (cut <= 0) {
                    return lines.getOrDefault("", 0);
                }
                f = f.substring(0, cut);
            }
        }
    }

    /** A problem at a field, found while converting. */
    static final class YamlProblem extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;
        final int line;

        YamlProblem(String field, int line, String message) {
            super(message, null, false, false);
            this.field = field;
            this.line = line;
        }
    }

    private YamlDocuments() {
    }

    /**
     * Reads the documents of {@code text}, the content of repository file {@code file}.
     * Empty documents are skipped but counted, so indexes match what an editor shows.
     * Problems are added to {@code errors}; the documents before a syntax error are returned.
     */
    static List<Document> read(String file, String text, List<ManifestError> errors) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMergeOnCompose(false);
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()),
                new DumperOptions(), options);
        List<Document> documents = new ArrayList<>();
        int index = 0;
        try {
            for (Node root : yaml.composeAll(new StringReader(text))) {
                index++;
                Origin origin = new Origin(file, index);
                if (root == null || (root instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
                    continue;
                }
                Map<String, Integer> lines = new HashMap<>();
                try {
                    JsonNode tree = new Converter(lines).convert(root, "", 0);
                    documents.add(new Document(origin, tree, lines));
                } catch (YamlProblem p) {
                    errors.add(ManifestError.at(origin, p.field, p.line, p.getMessage()));
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String where = mark == null ? "" : "line " + line + ", column " + (mark.getColumn() + 1) + ": ";
            errors.add(new ManifestError(file, index + 1, "", line, "invalid YAML: " + where + oneLine(e.getProblem())));
        } catch (YAMLException e) {
            errors.add(new ManifestError(file, index + 1, "", 0, "invalid YAML: " + oneLine(e.getMessage())));
        }
        return documents;
    }

    private static String oneLine(String s) {
        return s == null ? "unreadable" : s.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    /** Nodes to JSON, one document at a time. */
    private static final class Converter {
        private final Map<String, Integer> lines;
        private int values;

        Converter(Map<String, Integer> lines) {
            this.lines = lines;
        }

        JsonNode convert(Node node, String field, int depth) throws YamlProblem {
            int line = node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
            lines.putIfAbsent(field, line);
            if (depth > MAX_DEPTH) {
                throw new YamlProblem(field, line, "nested deeper than " + MAX_DEPTH + " levels (a recursive alias?)");
            }
            if (++values > MAX_VALUES) {
                throw new YamlProblem(field, line, "document expands to more than " + MAX_VALUES + " values");
            }
            if (node instanceof MappingNode map) {
                return mapping(map, field, depth);
            }
            if (node instanceof SequenceNode seq) {
                if (!seq.getTag().equals(Tag.SEQ)) {
                    throw tag(seq, field, line);
                }
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                for (Node item : seq.getValue()) {
                    array.add(convert(item, field + "[" + i++ + "]", depth + 1));
                }
                return array;
            }
            return scalar((ScalarNode) node, field, line);
        }

        private ObjectNode mapping(MappingNode map, String field, int depth) throws YamlProblem {
            int line = map.getStartMark() == null ? 0 : map.getStartMark().getLine() + 1;
            if (!map.getTag().equals(Tag.MAP)) {
                throw tag(map, field, line);
            }
            ObjectNode object = NODES.objectNode();
            for (NodeTuple tuple : map.getValue()) {
                Node keyNode = tuple.getKeyNode();
                int keyLine = keyNode.getStartMark() == null ? line : keyNode.getStartMark().getLine() + 1;
                if (keyNode.getTag().equals(Tag.MERGE)) {
                    throw new YamlProblem(field, keyLine, "merge keys (<<) are not supported");
                }
                if (!(keyNode instanceof ScalarNode key) || !SCALARS.contains(key.getTag())) {
                    throw new YamlProblem(field, keyLine, "a key must be a plain scalar");
                }
                String name = key.getValue();
                String child = field.isEmpty() ? name : field + "." + name;
                if (object.has(name)) {
                    throw new YamlProblem(child, keyLine, "duplicate key");
                }
                lines.put(child, keyLine);
                object.set(name, convert(tuple.getValueNode(), child, depth + 1));
            }
            return object;
        }

        private JsonNode scalar(ScalarNode node, String field, int line) throws YamlProblem {
            Tag tag = node.getTag();
            String v = node.getValue();
            if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP)) {
                return NODES.textNode(v);
            }
            if (tag.equals(Tag.NULL)) {
                return NODES.nullNode();
            }
            if (tag.equals(Tag.BOOL)) {
                String b = v.toLowerCase(Locale.ROOT);
                return NODES.booleanNode(b.equals("true") || b.equals("yes") || b.equals("on") || b.equals("y"));
            }
            if (tag.equals(Tag.INT)) {
                return integer(v, field, line);
            }
            if (tag.equals(Tag.FLOAT)) {
                return floating(v, field, line);
            }
            throw tag(node, field, line);
        }

        private static JsonNode integer(String text, String field, int line) throws YamlProblem {
            String v = text.replace("_", "");
            boolean negative = v.startsWith("-");
            if (negative || v.startsWith("+")) {
                v = v.substring(1);
            }
            BigInteger n;
            try {
                if (v.startsWith("0x")) {
                    n = new BigInteger(v.substring(2), 16);
                } else if (v.startsWith("0b")) {
                    n = new BigInteger(v.substring(2), 2);
                } else if (v.startsWith("0o")) {
                    n = new BigInteger(v.substring(2), 8);
                } else if (v.length() > 1 && v.startsWith("0")) {
                    n = new BigInteger(v.substring(1), 8);
                } else {
                    n = new BigInteger(v);
                }
            } catch (NumberFormatException e) {
                throw new YamlProblem(field, line, "unsupported integer form " + text);
            }
            n = negative ? n.negate() : n;
            return n.bitLength() < 64 ? NODES.numberNode(n.longValue()) : NODES.numberNode(n);
        }

        private static JsonNode floating(String text, String field, int line) throws YamlProblem {
            try {
                return NODES.numberNode(Double.parseDouble(text.replace("_", "")));
            } catch (NumberFormatException e) {
                // .inf, .nan and sexagesimal forms: nothing in a manifest is a float anyway
                throw new YamlProblem(field, line, "unsupported number " + text);
            }
        }

        private static YamlProblem tag(Node node, String field, int line) {
            return new YamlProblem(field, line, "tag " + node.getTag().getValue() + " is not allowed");
        }
    }
}
