package dev.moontide.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** luak is found at configured and build locations only, never through the working directory. */
class LuakLocatorTest {

    @TempDir
    Path dir;

    Path marker;

    @BeforeEach
    void init() {
        marker = dir.resolve("planted-luak-ran");
    }

    /** An executable luak at {@code p} that leaves the marker if anything runs it. */
    Path plant(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\ntouch '" + marker + "'\necho ok\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    static LuakLocator locator(Map<String, String> properties, Map<String, String> env, Path codeSource) {
        return new LuakLocator(properties::get, env::get, Optional.ofNullable(codeSource));
    }

    @Test
    void aLuakPlantedInAnAncestorOfTheWorkingDirectoryIsNotRun() throws Exception {
        // the old search ran build/bin/luak of the working directory or any of its parents
        Path cwd = Files.createDirectories(dir.resolve("a/b"));
        plant(dir.resolve("build/bin/luak"));
        plant(dir.resolve("a/build/bin/luak"));
        plant(cwd.resolve("build/bin/luak"));
        assertNoPlantedLuakRuns(cwd, System.getenv("PATH"));
    }

    @Test
    void aLuakPlantedInTheWorkingDirectoryIsNotRunThroughDotOrRelativePathEntries() throws Exception {
        // the old search took an empty or "." entry of PATH as the working directory, and relative ones
        // under it, and then ran "./luak" from the repository's root: a luak committed to the repository
        Path cwd = Files.createDirectories(dir.resolve("a/b"));
        plant(cwd.resolve("luak"));
        plant(cwd.resolve("rel/luak"));
        plant(dir.resolve("repo/luak"));
        plant(dir.resolve("repo/rel/luak"));
        assertNoPlantedLuakRuns(cwd, ".:rel::" + System.getenv("PATH"));
    }

    /** Runs the pre-flight in a JVM of its own, in {@code cwd} with {@code path} as PATH. */
    void assertNoPlantedLuakRuns(Path cwd, String path) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LuakLocateMain.class.getName(), repo.toString())
                .directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().remove(LuakLocator.ENV);
        pb.environment().put("PATH", path);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertFalse(Files.exists(marker), "a planted luak ran: " + out);
        assertFalse(out.contains(dir.toString()), out);
        assertTrue(out.startsWith("none") || out.startsWith("luak /"), "only an absolute luak may run: " + out);
    }

    @Test
    void relativeAndEmptyPathFoldersAreSkipped() throws Exception {
        Path good = plant(dir.resolve("usr/bin/luak"));
        Map<String, String> env = Map.of("PATH", ".::rel:bin:" + good.getParent());
        assertEquals(Optional.of(good), locator(Map.of(), env, null).locate());
    }

    @Test
    void theConfiguredLuakWinsAndMustBeAbsolute() throws Exception {
        Path byProperty = plant(dir.resolve("p/luak"));
        Path byEnv = plant(dir.resolve("e/luak"));
        Path onPath = plant(dir.resolve("path/luak"));
        Map<String, String> env = new HashMap<>(Map.of(LuakLocator.ENV, byEnv.toString(), "PATH", onPath.getParent().toString()));
        assertEquals(Optional.of(byProperty), locator(Map.of(LuakLocator.PROPERTY, byProperty.toString()), env, null).locate());
        assertEquals(Optional.of(byEnv), locator(Map.of(), env, null).locate());
        env.put(LuakLocator.ENV, "e/luak");
        assertEquals(Optional.empty(), locator(Map.of(), env, null).locate(), "relative: no luak, and no search");
        env.put(LuakLocator.ENV, dir.resolve("missing").toString());
        assertEquals(Optional.empty(), locator(Map.of(), env, null).locate(), "unusable: no luak, and no search");
    }

    @Test
    void theBuildLocationIsTheCheckoutThisCodeRunsFrom() throws Exception {
        Path top = dir.resolve("moontide");
        Path luak = plant(top.resolve("build/bin/luak"));
        assertEquals(Optional.of(luak), locator(Map.of(), Map.of(), top.resolve("reconciler/core/target/classes")).locate());
        assertEquals(Optional.of(luak), locator(Map.of(), Map.of(),
                top.resolve("reconciler/daemon/target/quarkus-app/lib/main/dev.moontide.moontide-core.jar")).locate());
        assertEquals(Optional.of(luak), locator(Map.of(LuakLocator.HOME_PROPERTY, top.toString()), Map.of(), null).locate());
        assertEquals(Optional.empty(), locator(Map.of(), Map.of(), dir.resolve("m2/moontide-core.jar")).locate());
    }
}
