package dev.moontide.manifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * For {@link LuakLocatorTest}: in a JVM of its own, started in a chosen working directory with a
 * chosen PATH, pre-flights {@code x.lua} of the folder given as argument and prints what checked it.
 */
public final class LuakLocateMain {

    private LuakLocateMain() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        Files.writeString(repo.resolve("x.lua"), "return 1\n");
        Preflight preflight = LuakPreflight.orNone();
        try {
            preflight.check(repo, List.of("x.lua"));
        } catch (java.io.IOException e) {
            // a planted luak prints nothing useful; what matters is whether it ran
        }
        System.out.println(preflight.describe());
    }
}
