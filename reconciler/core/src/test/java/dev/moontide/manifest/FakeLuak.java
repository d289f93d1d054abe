package dev.moontide.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pre-flight for tests that need no luak: it fails every file whose text contains
 * {@code FLOAT}, with the message luak gives a float literal.
 */
public final class FakeLuak implements Preflight {

    public static final FakeLuak INSTANCE = new FakeLuak();

    private FakeLuak() {
    }

    @Override
    public Map<String, String> check(Path root, Collection<String> paths) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String p : paths) {
            if (Files.readString(root.resolve(p)).contains("FLOAT")) {
                out.put(p, p + ":1: malformed number (floats are not supported) near '1.5'");
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return "fake luak (fails files containing FLOAT)";
    }
}
