package dev.moontide.manifest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Makes manifests for the loader's fuzz test: generated documents, and seeds changed by one or
 * more mutations aimed at a YAML loader's weak spots. Deterministic for a given {@link Random}.
 */
final class ManifestMutator {

    private static final String HEAD = "apiVersion: moontide.dev/v1alpha1\n";
    private static final List<String> ODD_SCALARS = List.of(".inf", "-.inf", ".nan", "0x7fffffffffffffff",
            "0x10000000000000000", "-0x8000000000000001", "0o777", "0777", "0b101", "1_000_000", "1:20:30", "~", "null",
            "yes", "No", "on", "Y", "1e400", "-1e-400", "99999999999999999999999999", "2001-12-14t21:59:43.10-05:00",
            "!!binary aGVsbG8=", "!!float 1", "!!int x", "!!str 12", "!!set {a, b}", "!!omap [a: 1]", "!!python/object:os.system",
            "!!javax.script.ScriptEngineManager [x]", "!lua a.lua", "'quoted '' x'", "\"\\u0000\\x00\\uD800\"", "|\n  block\n",
            ">-\n  folded\n", "&a x", "*a", "*undefined", "[]", "{}", "[a, {b: c}]", "? [a]\n: b", "\"\\", "'", "-", "- -",
            "@", "`x`", "%YAML 1.1", "<<: {a: 1}", "=", "!", "!!", "! x", "&", "*");

    private final Random random;
    private final List<byte[]> seeds;

    ManifestMutator(Random random, List<byte[]> seeds) {
        this.random = random;
        this.seeds = seeds;
    }

    /** The next input: a generated or seed manifest with 0 to 3 mutations. */
    byte[] next() {
        byte[] b = random.nextInt(4) == 0 ? generatedBytes() : seeds.get(random.nextInt(seeds.size()));
        int mutations = random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            b = mutate(b);
        }
        return b;
    }

    /** A Runtime or Config with random fields, most of them plausible. */
    String generated() {
        StringBuilder y = new StringBuilder(HEAD);
        if (random.nextInt(5) == 0) {
            y.append("kind: Config\nspec:\n  interval: ").append(pick("30s", "5m", "1h", "0s", "x", "-1s")).append('\n');
            y.append("  prune: {enabled: ").append(pick("true", "false", "1", "maybe")).append("}\n");
            if (random.nextBoolean()) {
                y.append("  signature:\n    require: true\n    trustedKeys: [").append("A".repeat(random.nextInt(45))).append("]\n");
            }
            return y.toString();
        }
        y.append("kind: Runtime\nmetadata:\n  name: ").append(pick("a", "web", "Web_1", "-x", "a".repeat(70), "''", "db"))
                .append("\nspec:\n  script: ").append(pick("a.lua", "../x.lua", "/etc/passwd", "lib/u.lua", "a b.lua", ".git/x"))
                .append('\n');
        if (random.nextBoolean()) {
            y.append("  context: ").append(pick("process", "softirq", "hardirq", "thread", "1")).append('\n');
        }
        if (random.nextBoolean()) {
            y.append("  limits: {memory: ").append(random.nextLong()).append(", quota: ").append(random.nextInt()).append("}\n");
        }
        if (random.nextBoolean()) {
            y.append("  dependsOn: [").append(pick("a", "db", "a, a", "")).append("]\n");
        }
        if (random.nextBoolean()) {
            y.append("  files: [").append(pick("lib/u.lua", "a.lua", "x/../y", "")).append("]\n");
        }
        if (random.nextBoolean()) {
            y.append("  health: {device: ").append(pick("/dev/x", "/etc/x", "dev")).append("}\n");
        }
        if (random.nextBoolean()) {
            y.append("  driftPolicy: ").append(pick("alert", "heal", "ignore")).append('\n');
        }
        if (random.nextInt(3) == 0) {
            y.append("---\n").append(HEAD).append("kind: Runtime\nmetadata: {name: db}\nspec: {script: a.lua}\n");
        }
        return y.toString();
    }

    byte[] mutate(byte[] b) {
        return switch (random.nextInt(14)) {
            case 0 -> flipBytes(b);
            case 1 -> b.length == 0 ? b : java.util.Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> duplicate(b);
            case 3 -> insertLine(b, deepNesting());
            case 4 -> insertLine(b, "  " + "k".repeat(1 + random.nextInt(random.nextBoolean() ? 300 : 5000)) + ": 1");
            case 5 -> insertLine(b, aliasBomb());
            case 6 -> replaceValue(b, pick(ODD_SCALARS));
            case 7 -> insertAt(b, "\t");
            case 8 -> insertAt(b, "\0");
            case 9 -> insertLine(b, pick("  unknown: 1", "unknown: x", "  spec: {}", "metadata: {name: b}", "  <<: {x: 1}"));
            case 10 -> insertAt(b, pick("---\n", "...\n", "\uFEFF", "\r\n", "\r", "%TAG ! tag:x,2000:\n", "{", "[", "]", "}",
                    ":", "? ", "- ", "&a ", "*a ", "#", "\"", "'", "|", ">"));
            case 11 -> longList(b);
            case 12 -> replaceValue(b, longNumber());
            default -> invalidUtf8(b);
        };
    }

    private byte[] flipBytes(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        byte[] c = b.clone();
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
            c[random.nextInt(c.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return c;
    }

    private byte[] duplicate(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        int from = random.nextInt(b.length);
        int to = from + random.nextInt(b.length - from) + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, to);
        for (int i = 1 + random.nextInt(random.nextBoolean() ? 3 : 40); i > 0; i--) {
            out.write(b, from, to - from);
        }
        out.write(b, to, b.length - to);
        return out.toByteArray();
    }

    private String deepNesting() {
        int depth = 1 + random.nextInt(80);
        return switch (random.nextInt(3)) {
            case 0 -> "  x: " + "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "  x: " + "{a: ".repeat(depth) + "1" + "}".repeat(depth);
            default -> {
                StringBuilder y = new StringBuilder();
                for (int i = 0; i < depth; i++) {
                    y.append("  ".repeat(i + 1)).append("n").append(i).append(":\n");
                }
                yield y.append("  ".repeat(depth + 1)).append("1").toString();
            }
        };
    }

    private String aliasBomb() {
        StringBuilder y = new StringBuilder("bomb0: &b0 [x, x, x, x, x, x, x, x, x, x]\n");
        int levels = 2 + random.nextInt(12);
        for (int i = 1; i < levels; i++) {
            y.append("bomb").append(i).append(": &b").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                y.append(j == 0 ? "" : ", ").append("*b").append(i - 1);
            }
            y.append("]\n");
        }
        return y.toString();
    }

    private byte[] longList(byte[] b) {
        int n = random.nextInt(random.nextBoolean() ? 200 : 12_000);
        StringBuilder y = new StringBuilder("  list:\n");
        for (int i = 0; i < n; i++) {
            y.append("  - ").append(random.nextInt(3) == 0 ? "{" + "k".repeat(1 + random.nextInt(40)) + ": v}" : "x").append('\n');
        }
        return insertLine(b, y.toString());
    }

    /**
     * An explicit {@code !!int} or {@code !!float} over escaped line breaks (so no line is long),
     * or a plain number: digits a {@code BigInteger} would take quadratic time to read.
     */
    private String longNumber() {
        int digits = 1 + random.nextInt(random.nextBoolean() ? 100 : 20_000);
        StringBuilder n = new StringBuilder(digits + digits / 60 * 5);
        for (int i = 0; i < digits; i++) {
            n.append((char) ('0' + random.nextInt(10)));
            if (i % 60 == 59) {
                n.append("\\\n   ");
            }
        }
        return switch (random.nextInt(3)) {
            case 0 -> "!!int \"" + n + "\"";
            case 1 -> "!!float \"" + n + ".5\"";
            default -> n.toString().replace("\\\n   ", "");
        };
    }

    private byte[] invalidUtf8(byte[] b) {
        byte[][] bad = {{(byte) 0xc3}, {(byte) 0xff}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, 0, 0},
            {(byte) 0xc0, (byte) 0xaf}};
        return insertBytes(b, bad[random.nextInt(bad.length)]);
    }

    private byte[] replaceValue(byte[] b, String value) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int colon = s.indexOf(": ", random.nextInt(Math.max(1, s.length())));
        if (colon < 0) {
            return insertLine(b, "  odd: " + value);
        }
        int end = s.indexOf('\n', colon);
        String out = s.substring(0, colon + 2) + value + (end < 0 ? "" : s.substring(end));
        return out.getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte[] insertLine(byte[] b, String line) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int newline = s.isEmpty() ? -1 : s.indexOf('\n', random.nextInt(s.length()));
        int at = newline < 0 ? s.length() : newline + 1;
        String text = line.endsWith("\n") ? line : line + "\n";
        return (s.substring(0, at) + new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                + s.substring(at)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte[] insertAt(byte[] b, String text) {
        return insertBytes(b, text.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] insertBytes(byte[] b, byte[] bytes) {
        int at = random.nextInt(b.length + 1);
        byte[] c = new byte[b.length + bytes.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(bytes, 0, c, at, bytes.length);
        System.arraycopy(b, at, c, at + bytes.length, b.length - at);
        return c;
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    byte[] generatedBytes() {
        return generated().getBytes(StandardCharsets.UTF_8);
    }
}
