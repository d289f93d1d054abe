package dev.moontide.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bound of {@link ParseLimits}, crossed by a small file, is refused while parsing with an
 * error naming the file and the bound. Runs in the fork with a 256 MiB heap (core/pom.xml), so a
 * blow-up shows as an OutOfMemoryError, not as a slow machine.
 */
class BoundedParsingTest {

    @TempDir
    Path repo;

    /** Nested keys of {@code keyChars} characters, {@code levels} deep, over a flow list of {@code items}. */
    static String longKeysOverALongList(int levels, int keyChars, int items) {
        StringBuilder y = new StringBuilder(ManifestLoaderTest.runtime("a", "  script: a.lua\n"));
        String indent = "  ";
        for (int level = 0; level < levels; level++) {
            y.append(indent).append(String.valueOf((char) ('a' + level % 26)).repeat(keyChars)).append(":\n");
            indent += "  ";
        }
        return y.append(indent).append(flowList(indent, "x", items)).append('\n').toString();
    }

    /** {@code [v, v, ...]} over lines of 100 items each, indented by {@code indent}. */
    static String flowList(String indent, String v, int items) {
        StringBuilder y = new StringBuilder("[");
        for (int i = 0; i < items; i++) {
            y.append(i == 0 ? "" : ",").append(i > 0 && i % 100 == 0 ? "\n" + indent + " " : "").append(v);
        }
        return y.append(']').toString();
    }

    @Test
    void theReportedBlowUpIsRefusedQuickly() throws IOException {
        // ~230 KB: 30 keys of 1,000 characters, nested, over a list of 75,000 items; the old
        // converter kept a 30 KB path string per item (over 2 GB)
        String yaml = longKeysOverALongList(30, 1_000, 75_000);
        assertEquals(229, yaml.length() / 1000);
        write(Map.of("manifests/a.yaml", yaml, "a.lua", ""));
        ManifestException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(ManifestException.class,
                () -> new ManifestLoader(FakeLuak.INSTANCE).load(repo, "manifests")));
        assertEquals(List.of("manifests/a.yaml: document 1: line 7: a key of 1000 characters, more than the 256 a key may have"),
                messages(e));
    }

    @Test
    void evenWithoutTheKeyBoundNoPathIsBuiltPerNode() throws IOException {
        // the same file under bounds that admit its keys and its list: paths are made only for
        // errors, so it costs its nodes and no more
        String yaml = longKeysOverALongList(30, 1_000, 75_000);
        write(Map.of("manifests/a.yaml", yaml, "a.lua", ""));
        ParseLimits lenient = new ParseLimits(1 << 20, 1 << 20, 4 << 20, 10, 200_000, 200_000, 1 << 20, 32, 16, 64);
        ManifestException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(ManifestException.class,
                () -> new ManifestLoader(FakeLuak.INSTANCE, lenient).load(repo, "manifests")));
        assertEquals(1, e.errors().size(), e.getMessage());
        assertEquals("unknown field", e.errors().get(0).message());
        assertEquals(7, e.errors().get(0).line());
    }

    static Stream<Arguments> bounds() {
        String ok = ManifestLoaderTest.runtime("a", "  script: a.lua\n");
        StringBuilder deep = new StringBuilder("a: ");
        deep.append("[".repeat(40)).append("]".repeat(40)).append('\n');
        String list = "a: " + flowList("", "1", 10_001) + "\n";
        // 5 anchored lists of 700 items, aliased 16 times: 3,500 nodes parsed, 14,700 values expanded
        StringBuilder aliases = new StringBuilder();
        for (int a = 0; a < 5; a++) {
            aliases.append("l").append(a).append(": &l").append(a).append(" ").append(flowList("", "1", 700)).append("\n");
        }
        aliases.append("m: [");
        for (int a = 0; a < 16; a++) {
            aliases.append(a == 0 ? "" : ",").append("*l").append(a % 5);
        }
        aliases.append("]\n");
        return Stream.of(
            row("explicit !!int of 100,000 digits", Map.of("manifests/a.yaml", ok + "  x: " + number("!!int", 100_000)),
                "manifests/a.yaml: document 1: line 7: a number of 100000 characters, more than the 64 a number may have"),
            row("explicit !!float of 100,000 digits", Map.of("manifests/a.yaml", ok + "  x: " + number("!!float", 100_000)),
                "manifests/a.yaml: document 1: line 7: a number of 100000 characters, more than the 64 a number may have"),
            row("plain integer of 65 digits", Map.of("manifests/a.yaml", ok + "  x: " + "9".repeat(65) + "\n"),
                "manifests/a.yaml: document 1: line 7: a number of 65 characters, more than the 64 a number may have"),
            row("file over 1 MiB", Map.of("manifests/a.yaml", "# x\n".repeat(300_000)),
                "manifests/a.yaml: is more than the 1048576 bytes a manifest file may have"),
            row("line over 4096 characters", Map.of("manifests/a.yaml", ok + "# " + "x".repeat(4095) + "\n"),
                "manifests/a.yaml: line 7 has 4097 characters, more than the 4096 a line may have"),
            row("repository over 4 MiB", Map.of(
                    "manifests/a.yaml", "# x\n".repeat(250_000) + ok,
                    "manifests/b.yaml", "# x\n".repeat(250_000),
                    "manifests/c.yaml", "# x\n".repeat(250_000),
                    "manifests/d.yaml", "# x\n".repeat(250_000),
                    "manifests/e.yaml", "# x\n".repeat(250_000), "a.lua", ""),
                "manifests/e.yaml: brings the manifests to more than the 4194304 bytes, the most a repository may have"),
            row("key over 256 characters", Map.of("manifests/a.yaml", ok + "  " + "k".repeat(257) + ": 1\n"),
                "manifests/a.yaml: document 1: line 7: a key of 257 characters, more than the 256 a key may have"),
            row("nesting deeper than 32", Map.of("manifests/a.yaml", deep.toString()),
                "manifests/a.yaml: document 1: line 1: nested deeper than 32 levels"),
            row("over 10,000 nodes in a document", Map.of("manifests/a.yaml", list),
                "manifests/a.yaml: document 1: line 100: more than 10000 nodes, the most a document may have"),
            row("aliases expanding over 10,000 values", Map.of("manifests/a.yaml", aliases.toString()),
                "manifests/a.yaml: document 1: m[9][183]: document expands to more than 10000 values (aliases expanded), "
                    + "the most a document may have"),
            row("too many aliases", Map.of("manifests/a.yaml", aliases.toString().replace("]\n", ",*l0]\n")
                    .replace("m: [", "n: [*l1]\nm: [")),
                "manifests/a.yaml: document 1: invalid YAML: Number of aliases for non-scalar nodes exceeds the specified max=16"));
    }

    /**
     * {@code TAG "ddd..."}: a quoted scalar of {@code digits} digits over escaped line breaks, so
     * that no line crosses the line bound (as SnakeYAML joins them, the scalar has no space).
     */
    static String number(String tag, int digits) {
        StringBuilder y = new StringBuilder(tag).append(" \"");
        for (int i = 0; i < digits; i++) {
            y.append((char) ('1' + i % 9));
            if (i % 4000 == 3999) {
                y.append("\\\n    ");
            }
        }
        return y.append("\"\n").toString();
    }

    /** A 1 MiB file of one explicit !!int took 30 s to convert before numbers were bounded; now it is refused at once. */
    @Test
    void aHugeExplicitIntegerCostsNoQuadraticTime() throws IOException {
        write(Map.of("manifests/a.yaml", "a: " + number("!!int", 1_000_000), "a.lua", ""));
        ManifestException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(ManifestException.class,
                () -> new ManifestLoader(FakeLuak.INSTANCE).load(repo, "manifests")));
        assertEquals(List.of("manifests/a.yaml: document 1: line 1: a number of 1000000 characters, more than the 64 a number"
                + " may have"), messages(e));
    }

    static Arguments row(String name, Map<String, String> files, String... expected) {
        return Arguments.of(name, new TreeMap<>(files), List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bounds")
    void eachBoundIsRefusedNamingTheFileAndTheBound(String name, Map<String, String> files, List<String> expected)
            throws IOException {
        write(files);
        ManifestException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(ManifestException.class,
                () -> new ManifestLoader(FakeLuak.INSTANCE).load(repo, "manifests")));
        assertEquals(expected, messages(e));
    }

    @Test
    void theRepositoryBoundOnValuesHoldsAcrossDocuments() throws IOException {
        StringBuilder y = new StringBuilder();
        for (int d = 0; d < 11; d++) {
            y.append("a: ").append(flowList("", "1", 9_991)).append("\n---\n");
        }
        write(Map.of("manifests/a.yaml", y.toString()));
        ManifestException e = assertThrows(ManifestException.class,
                () -> new ManifestLoader(FakeLuak.INSTANCE).load(repo, "manifests"));
        assertEquals("manifests/a.yaml: document 11: a[68]: the repository's manifests expand to more than 100000 values, "
                + "the most a repository may have", messages(e).get(messages(e).size() - 1));
    }

    static List<String> messages(ManifestException e) {
        return e.errors().stream().map(ManifestError::toString).toList();
    }

    void write(Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = repo.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }
    }
}
