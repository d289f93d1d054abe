package dev.moontide.manifest;

/**
 * How much a repository's manifests may make the loader read and build. They come from the
 * revision being checked, before anything trusts it, so every bound is enforced while parsing:
 * a manifest over a bound is refused as soon as the bound is crossed, never after it was built.
 *
 * @param fileBytes       largest manifest file, in bytes (a document is never larger than its file)
 * @param lineChars       longest line, in characters: SnakeYAML's reader copies its window for
 *                        each 1 KiB a token grows, so one long line costs time quadratic in its length
 * @param repositoryBytes all manifest files of a repository together, in bytes
 * @param files           most manifest files in a repository
 * @param documentNodes   most YAML nodes one document may have, counted as parsed and again with
 *                        aliases expanded
 * @param repositoryNodes most nodes of all documents together, aliases expanded
 * @param keyChars        longest mapping key, in characters
 * @param depth           deepest nesting of mappings and sequences (with {@code keyChars}, it bounds
 *                        a field path's length: {@code depth * (keyChars + 1)})
 * @param aliases         most aliases of collections per file
 * @param numberChars     longest integer or float scalar, in characters, whether its tag is
 *                        implicit or explicit ({@code !!int "..."} over escaped line breaks passes
 *                        the line bound): a decimal integer's conversion costs time quadratic in
 *                        its digits (1,000,000 digits took 30 s)
 */
public record ParseLimits(long fileBytes, int lineChars, long repositoryBytes, int files, int documentNodes, int repositoryNodes,
        int keyChars, int depth, int aliases, int numberChars) {

    public static final long FILE_BYTES = 1 << 20;
    public static final int LINE_CHARS = 4096;
    public static final long REPOSITORY_BYTES = 4 << 20;
    public static final int FILES = 10_000;
    public static final int DOCUMENT_NODES = 10_000;
    public static final int REPOSITORY_NODES = 100_000;
    public static final int KEY_CHARS = 256;
    public static final int DEPTH = 32;
    public static final int ALIASES = 16;
    /** A manifest's numbers are ports, sizes and counts: a 64-bit integer has at most 20 digits. */
    public static final int NUMBER_CHARS = 64;

    /** The bounds the reconciler uses: a real repository's manifests are a few KiB. */
    public static final ParseLimits DEFAULT = new ParseLimits(FILE_BYTES, LINE_CHARS, REPOSITORY_BYTES, FILES, DOCUMENT_NODES,
            REPOSITORY_NODES, KEY_CHARS, DEPTH, ALIASES, NUMBER_CHARS);

    public ParseLimits {
        if (fileBytes < 1 || lineChars < 1 || repositoryBytes < fileBytes || files < 1 || documentNodes < 1
                || repositoryNodes < documentNodes || keyChars < 1 || depth < 1 || aliases < 0 || numberChars < 1) {
            throw new IllegalArgumentException("inconsistent parse limits: " + fileBytes + ", " + lineChars + ", " + repositoryBytes
                    + ", " + files + ", " + documentNodes + ", " + repositoryNodes + ", " + keyChars + ", " + depth
                    + ", " + aliases + ", " + numberChars);
        }
        // SnakeYAML counts code points in an int
        if (fileBytes > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("fileBytes must fit SnakeYAML's code point limit");
        }
    }
}
