package dev.moontide.manifest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Pre-flight through {@code luak}, the kernel dialect built for userspace: one {@code luak}
 * process compiles every file with {@code loadfile(path, "t")} (source only: a precompiled
 * chunk is refused) and prints one verdict line per file.
 */
public final class LuakPreflight implements Preflight {

    /** Environment variable that names the {@code luak} to use. */
    public static final String ENV = LuakLocator.ENV;

    private static final long TIMEOUT_SECONDS = 60;

    private final Path luak;

    public LuakPreflight(Path luak) {
        this.luak = luak;
    }

    /** The {@code luak} to use, from the places {@link LuakLocator} allows only. */
    public static Optional<Path> locate() {
        return LuakLocator.system().locate();
    }

    /** A luak pre-flight if {@link #locate()} finds one, else {@link Preflight#none()}. */
    public static Preflight orNone() {
        return locate().<Preflight>map(LuakPreflight::new).orElseGet(Preflight::none);
    }

    @Override
    public String describe() {
        return "luak " + luak;
    }

    @Override
    public Map<String, String> check(Path root, Collection<String> paths) throws IOException {
        Map<String, String> failures = new TreeMap<>();
        if (paths.isEmpty()) {
            return failures;
        }
        List<String> ordered = new ArrayList<>(paths);
        StringBuilder chunk = new StringBuilder("for _, p in ipairs({");
        for (String p : ordered) {
            chunk.append(literal(p)).append(',');
        }
        chunk.append("}) do local f, e = loadfile(p, 't') ")
                .append("print(f and 'ok' or ('error ' .. tostring(e):gsub('[\\r\\n]+', ' '))) end");
        Process process = new ProcessBuilder(luak.toString(), "-e", chunk.toString())
                .directory(root.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out;
        try (InputStream in = process.getInputStream()) {
            out = read(in);
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(describe() + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + describe() + " ran", e);
        }
        String[] lines = out.split("\n");
        if (process.exitValue() != 0 || lines.length < ordered.size()) {
            throw new IOException(describe() + " failed (exit " + process.exitValue() + "): " + out.strip());
        }
        for (int i = 0; i < ordered.size(); i++) {
            String line = lines[i];
            if (line.startsWith("error ")) {
                failures.put(ordered.get(i), line.substring("error ".length()).strip());
            } else if (!line.equals("ok")) {
                throw new IOException(describe() + " printed an unexpected line: " + line);
            }
        }
        return failures;
    }

    /** A Lua string literal of {@code s}: every byte but letters, digits and {@code /._-} as {@code \ddd}. */
    static String literal(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')
                    || u == '/' || u == '.' || u == '_' || u == '-') {
                b.append((char) u);
            } else {
                b.append('\\').append(String.format("%03d", u));
            }
        }
        return b.append('"').toString();
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
