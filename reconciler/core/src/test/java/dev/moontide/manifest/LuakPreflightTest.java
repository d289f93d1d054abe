package dev.moontide.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-flight against the real dialect: {@code build/bin/luak} ({@code make luak}). */
class LuakPreflightTest {

    @TempDir
    Path repo;

    Path luak;

    @BeforeEach
    void findLuak() {
        Optional<Path> found = LuakPreflight.locate();
        assumeTrue(found.isPresent(), "no luak: run make luak");
        luak = found.get();
    }

    @Test
    void reportsFloatsSyntaxErrorsAndMissingFilesByPath() throws IOException {
        Files.createDirectories(repo.resolve("lib dir"));
        Files.writeString(repo.resolve("good.lua"), "local x <const> = 7 // 2\nreturn x\n");
        Files.writeString(repo.resolve("float.lua"), "return 1.5\n");
        Files.writeString(repo.resolve("lib dir/broken.lua"), "local x = \n");
        Map<String, String> failures = new LuakPreflight(luak).check(repo,
                List.of("good.lua", "float.lua", "lib dir/broken.lua"));
        assertEquals(Map.of(
                "float.lua", "float.lua:1: malformed number (floats are not supported) near '1.5'",
                "lib dir/broken.lua", "lib dir/broken.lua:2: unexpected symbol near <eof>"), failures);
    }

    @Test
    void refusesPrecompiledChunks() throws IOException {
        Files.write(repo.resolve("bin.lua"), new byte[] {0x1b, 'L', 'u', 'a', 0x54, 0});
        Map<String, String> failures = new LuakPreflight(luak).check(repo, List.of("bin.lua"));
        assertEquals("attempt to load a binary chunk (binary chunks are not supported)", failures.get("bin.lua"));
    }

    @Test
    void theLoaderNamesTheFieldOfAScriptThatDoesNotCompile() throws IOException {
        Files.createDirectories(repo.resolve("manifests"));
        Files.writeString(repo.resolve("manifests/a.yaml"), ManifestLoaderTest.runtime("a", "  script: a.lua\n"));
        Files.writeString(repo.resolve("a.lua"), "return 2.5\n");
        ManifestException e = org.junit.jupiter.api.Assertions.assertThrows(ManifestException.class,
                () -> new ManifestLoader(new LuakPreflight(luak)).load(repo, "manifests"));
        assertEquals("manifests/a.yaml: document 1: spec.script: does not compile in the kernel dialect: "
                + "a.lua:1: malformed number (floats are not supported) near '2.5'", e.getMessage());
    }

    @Test
    void literalEscapesEverythingButPlainPathCharacters() {
        assertEquals("\"a/b_c-d.lua\"", LuakPreflight.literal("a/b_c-d.lua"));
        assertEquals("\"\\034\\092\\010\"", LuakPreflight.literal("\"\\\n"));
    }
}
