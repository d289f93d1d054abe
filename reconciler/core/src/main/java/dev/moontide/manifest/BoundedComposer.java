package dev.moontide.manifest;

import java.util.List;
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's composer with the bounds of {@link ParseLimits} checked as each node is composed:
 * nodes per document, key length, nesting depth and the length of numbers. SnakeYAML's own options bound the code
 * points read and the aliases; neither bounds the number of nodes a small file may hold.
 */
final class BoundedComposer extends Composer {

    /** A bound crossed while composing, at a line of the file. */
    static final class LimitExceeded extends YAMLException {
        private static final long serialVersionUID = 1L;
        final int line;

        LimitExceeded(Mark mark, String message) {
            super(message);
            this.line = mark == null ? 0 : mark.getLine() + 1;
        }
    }

    private final ParseLimits limits;
    private int nodes;
    private int depth;

    private BoundedComposer(StreamReader reader, LoaderOptions options, ParseLimits limits) {
        super(new ParserImpl(reader, options), new Resolver(), options);
        this.limits = limits;
    }

    /** A composer of {@code text} with SnakeYAML's own bounds set from {@code limits}. */
    static BoundedComposer of(String text, ParseLimits limits) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(limits.aliases());
        // ours is checked first, with a clearer message; SnakeYAML's stays as a backstop
        options.setNestingDepthLimit(limits.depth() + 1);
        options.setCodePointLimit((int) limits.fileBytes());
        options.setMergeOnCompose(false);
        return new BoundedComposer(new StreamReader(text), options, limits);
    }

    @Override
    public Node getNode() {
        nodes = 0;
        depth = 0;
        return super.getNode();
    }

    @Override
    protected Node composeScalarNode(String anchor, List<CommentLine> blockComments) {
        Node node = super.composeScalarNode(anchor, blockComments);
        count(node);
        // an explicit !!int or !!float makes any scalar a number, whatever its form or length
        if ((node.getTag().equals(Tag.INT) || node.getTag().equals(Tag.FLOAT))
                && ((ScalarNode) node).getValue().length() > limits.numberChars()) {
            throw new LimitExceeded(node.getStartMark(), "a number of " + ((ScalarNode) node).getValue().length()
                    + " characters, more than the " + limits.numberChars() + " a number may have");
        }
        return node;
    }

    @Override
    protected Node composeSequenceNode(String anchor) {
        return nested(() -> super.composeSequenceNode(anchor));
    }

    @Override
    protected Node composeMappingNode(String anchor) {
        return nested(() -> super.composeMappingNode(anchor));
    }

    @Override
    protected Node composeKeyNode(MappingNode node) {
        Node key = super.composeKeyNode(node);
        if (key instanceof ScalarNode s && s.getValue().length() > limits.keyChars()) {
            throw new LimitExceeded(key.getStartMark(), "a key of " + s.getValue().length()
                    + " characters, more than the " + limits.keyChars() + " a key may have");
        }
        return key;
    }

    private Node nested(Supplier<Node> compose) {
        if (++depth > limits.depth()) {
            throw new LimitExceeded(parser.peekEvent().getStartMark(), "nested deeper than " + limits.depth() + " levels");
        }
        // counted before its children, so a long list is refused as it is read
        nodes++;
        Node node = compose.get();
        depth--;
        if (nodes > limits.documentNodes()) {
            throw new LimitExceeded(node.getStartMark(), tooMany());
        }
        return node;
    }

    private void count(Node node) {
        if (++nodes > limits.documentNodes()) {
            throw new LimitExceeded(node.getStartMark(), tooMany());
        }
    }

    private String tooMany() {
        return "more than " + limits.documentNodes() + " nodes, the most a document may have";
    }
}
