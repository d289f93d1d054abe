package dev.moontide.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Splits a YAML file into documents and turns each into a Jackson tree, safely and within
 * {@link ParseLimits}.
 *
 * <p>SnakeYAML only <em>composes</em> here ({@link BoundedComposer}: limits on code points,
 * aliases, nesting, nodes and key length, checked as it reads): no Java object is ever
 * constructed from the YAML, so no tag can name a type. The nodes become JSON values by YAML
 * 1.1's core tags only (map, seq, str, int, bool, null, float, timestamp as text); any other tag,
 * a merge key, a duplicate key, a non-scalar key or a recursive alias is an error naming the
 * field. Field paths and lines are worked out only for an error: the composed nodes keep the marks.
 */
final class YamlDocuments {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<Tag> SCALARS = Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.NULL, Tag.FLOAT, Tag.TIMESTAMP);

    /** One non-empty document: its origin, its tree, and its composed nodes (for the lines of fields). */
    record Document(Origin origin, JsonNode tree, Node root) {

        /**
         * The line of {@code field} ({@code spec.files[1]}) or of the nearest enclosing field
         * that exists; 0 if none. A mapping child's line is its key's.
         */
        int line(String field) {
            Node node = root;
            int line = lineOf(root);
            String rest = field;
            while (!rest.isEmpty()) {
                if (rest.charAt(0) == '[') {
                    int close = rest.indexOf(']');
                    int i = close < 0 ? -1 : index(rest.substring(1, close));
                    if (!(node instanceof SequenceNode seq) || i < 0 || i >= seq.getValue().size()) {
                        break;
                    }
                    node = seq.getValue().get(i);
                    line = lineOf(node);
                    rest = rest.substring(close + 1);
                    continue;
                }
                String r = rest.charAt(0) == '.' ? rest.substring(1) : rest;
                NodeTuple found = node instanceof MappingNode map ? child(map, r) : null;
                if (found == null) {
                    break;
                }
                String key = ((ScalarNode) found.getKeyNode()).getValue();
                node = found.getValueNode();
                line = lineOf(found.getKeyNode());
                rest = r.substring(key.length());
            }
            return line;
        }

        /** The entry whose key starts {@code rest} up to a separator; the longest, as keys may hold dots. */
        private static NodeTuple child(MappingNode map, String rest) {
            NodeTuple best = null;
            int bestLength = -1;
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    String key = k.getValue();
                    boolean ends = rest.length() == key.length()
                            || (rest.length() > key.length() && (rest.charAt(key.length()) == '.' || rest.charAt(key.length()) == '['));
                    if (rest.startsWith(key) && ends && key.length() > bestLength) {
                        best = t;
                        bestLength = key.length();
                    }
                }
            }
            return best;
        }

        private static int index(String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** A problem at a field, found while converting. */
    static final class YamlProblem extends Exception {
        private static final long serialVersionUID = 1L;
        final FieldPath field;
        final int line;

        YamlProblem(FieldPath field, int line, String message) {
            super(message, null, false, false);
            this.field = field;
            this.line = line;
        }
    }

    private YamlDocuments() {
    }

    /**
     * Reads the documents of {@code text}, the content of repository file {@code file}, taking
     * the nodes they expand to from {@code budget}.
     * Empty documents are skipped but counted, so indexes match what an editor shows.
     * Problems are added to {@code errors}; the documents before a syntax error or a crossed
     * bound are returned.
     */
    static List<Document> read(String file, String text, ParseBudget budget, List<ManifestError> errors) {
        Optional<ManifestError> longLine = longLine(file, text, budget.limits().lineChars());
        if (longLine.isPresent()) {
            errors.add(longLine.get());
            return List.of();
        }
        BoundedComposer composer = BoundedComposer.of(text, budget.limits());
        List<Document> documents = new ArrayList<>();
        int index = 0;
        try {
            while (composer.checkNode()) {
                Node root = composer.getNode();
                index++;
                Origin origin = new Origin(file, index);
                if (root == null || (root instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
                    continue;
                }
                Converter converter = new Converter(budget);
                try {
                    JsonNode tree = converter.convert(root, FieldPath.ROOT, 0);
                    documents.add(new Document(origin, tree, root));
                } catch (YamlProblem p) {
                    errors.add(ManifestError.at(origin, p.field.toString(), p.line, p.getMessage()));
                    if (budget.exhausted()) {
                        return documents;
                    }
                } finally {
                    budget.takeNodes(converter.values);
                }
            }
        } catch (BoundedComposer.LimitExceeded e) {
            errors.add(new ManifestError(file, index + 1, "", e.line,
                    (e.line > 0 ? "line " + e.line + ": " : "") + e.getMessage()));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String where = mark == null ? "" : "line " + line + ", column " + (mark.getColumn() + 1) + ": ";
            errors.add(new ManifestError(file, index + 1, "", line, "invalid YAML: " + where + oneLine(e.getProblem())));
        } catch (YAMLException e) {
            errors.add(new ManifestError(file, index + 1, "", 0, "invalid YAML: " + oneLine(e.getMessage())));
        } catch (RuntimeException e) {
            // a parser bug on hostile input is still this file's problem, never the daemon's crash
            errors.add(new ManifestError(file, index + 1, "", 0, "invalid YAML: the parser failed: " + e));
        }
        return documents;
    }

    /** The first line longer than {@code max} characters, as an error of the whole file. */
    private static Optional<ManifestError> longLine(String file, String text, int max) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > max) {
                    return Optional.of(new ManifestError(file, 0, "", line, "line " + line + " has " + (i - start)
                            + " characters, more than the " + max + " a line may have"));
                }
                line++;
                start = i + 1;
            }
        }
        return Optional.empty();
    }

    private static int lineOf(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String oneLine(String s) {
        return s == null ? "unreadable" : s.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    /** Nodes to JSON, one document at a time, counting the values aliases expand to. */
    private static final class Converter {
        private final ParseBudget budget;
        private final long allowed;
        private int values;

        Converter(ParseBudget budget) {
            this.budget = budget;
            this.allowed = Math.min(budget.limits().documentNodes(), budget.nodesLeft());
        }

        JsonNode convert(Node node, FieldPath field, int depth) throws YamlProblem {
            int line = lineOf(node);
            if (depth > budget.limits().depth()) {
                throw new YamlProblem(field, line, "nested deeper than " + budget.limits().depth()
                        + " levels (a recursive alias?)");
            }
            if (++values > allowed) {
                throw tooMany(field, line);
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
                    array.add(convert(item, field.item(i++), depth + 1));
                }
                return array;
            }
            return scalar((ScalarNode) node, field, line);
        }

        private YamlProblem tooMany(FieldPath field, int line) {
            if (allowed < budget.limits().documentNodes()) {
                budget.exhaust();
                return new YamlProblem(field, line, "the repository's manifests expand to more than "
                        + budget.limits().repositoryNodes() + " values, the most a repository may have");
            }
            return new YamlProblem(field, line, "document expands to more than " + budget.limits().documentNodes()
                    + " values (aliases expanded), the most a document may have");
        }

        private ObjectNode mapping(MappingNode map, FieldPath field, int depth) throws YamlProblem {
            int line = lineOf(map);
            if (!map.getTag().equals(Tag.MAP)) {
                throw tag(map, field, line);
            }
            ObjectNode object = NODES.objectNode();
            for (NodeTuple tuple : map.getValue()) {
                Node keyNode = tuple.getKeyNode();
                int keyLine = keyNode.getStartMark() == null ? line : lineOf(keyNode);
                if (keyNode.getTag().equals(Tag.MERGE)) {
                    throw new YamlProblem(field, keyLine, "merge keys (<<) are not supported");
                }
                if (!(keyNode instanceof ScalarNode key) || !SCALARS.contains(key.getTag())) {
                    throw new YamlProblem(field, keyLine, "a key must be a plain scalar");
                }
                String name = key.getValue();
                FieldPath child = field.child(name);
                if (object.has(name)) {
                    throw new YamlProblem(child, keyLine, "duplicate key");
                }
                object.set(name, convert(tuple.getValueNode(), child, depth + 1));
            }
            return object;
        }

        private JsonNode scalar(ScalarNode node, FieldPath field, int line) throws YamlProblem {
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

        private static JsonNode integer(String text, FieldPath field, int line) throws YamlProblem {
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

        private static JsonNode floating(String text, FieldPath field, int line) throws YamlProblem {
            try {
                return NODES.numberNode(Double.parseDouble(text.replace("_", "")));
            } catch (NumberFormatException e) {
                // .inf, .nan and sexagesimal forms: nothing in a manifest is a float anyway
                throw new YamlProblem(field, line, "unsupported number " + text);
            }
        }

        private static YamlProblem tag(Node node, FieldPath field, int line) {
            return new YamlProblem(field, line, "tag " + node.getTag().getValue() + " is not allowed");
        }
    }
}
