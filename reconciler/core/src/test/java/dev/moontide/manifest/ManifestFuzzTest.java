package dev.moontide.manifest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader against 10,000 generated and mutated manifests, from a fixed seed: each is
 * accepted or refused with {@link ManifestException}, never another exception, and all of them
 * within the 256 MiB heap of the fork it runs in (core/pom.xml, execution bounded-heap).
 */
class ManifestFuzzTest {

    static final long SEED = 15_2026L;
    static final int CASES = 10_000;
    static final long HEAP_BOUND = 256L << 20;

    @TempDir
    Path repo;

    @Test
    void everyInputIsAcceptedOrRefusedWithAManifestError() throws IOException {
        assumeTrue(Runtime.getRuntime().maxMemory() <= HEAP_BOUND,
                "runs in the -Xmx256m fork (execution bounded-heap), not in a fork with a larger heap");
        ManifestMutator mutator = new ManifestMutator(new Random(SEED), seeds());
        Files.createDirectories(repo.resolve("manifests"));
        Files.writeString(repo.resolve("a.lua"), "return 1\n");
        Files.createDirectories(repo.resolve("lib"));
        Files.writeString(repo.resolve("lib/u.lua"), "return {}\n");
        Path file = repo.resolve("manifests/a.yaml");
        ManifestLoader loader = new ManifestLoader(FakeLuak.INSTANCE);
        int accepted = 0;
        long slowest = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input = mutator.next();
            Files.write(file, input);
            long start = System.nanoTime();
            try {
                loader.load(repo, "manifests");
                accepted++;
            } catch (ManifestException e) {
                assertFalse(e.errors().isEmpty(), "case " + i + ": a refusal without an error");
                for (ManifestError error : e.errors()) {
                    assertTrue(error.file().startsWith("manifests"), "case " + i + ": " + error);
                }
            } catch (Throwable t) {
                fail("case " + i + " (seed " + SEED + ") threw " + t + " on:\n" + show(input), t);
            }
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        System.out.printf("ManifestFuzzTest: %d cases, %d accepted, slowest %d ms, heap %d MiB%n",
                CASES, accepted, slowest / 1_000_000, Runtime.getRuntime().maxMemory() >> 20);
        assertTrue(accepted > 100, "the generator should make some valid manifests, made " + accepted);
    }

    /** The repository's own manifests (reconciler/core runs from its folder) and a few generated ones. */
    static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        Path manifests = Path.of("../../manifests");
        if (Files.isDirectory(manifests)) {
            try (Stream<Path> files = Files.list(manifests)) {
                for (Path p : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                    seeds.add(Files.readAllBytes(p));
                }
            }
        }
        ManifestMutator generator = new ManifestMutator(new Random(SEED + 1), List.of());
        for (int i = 0; i < 20; i++) {
            seeds.add(generator.generatedBytes());
        }
        return seeds;
    }

    private static String show(byte[] input) {
        String s = new String(input, StandardCharsets.UTF_8);
        return s.length() > 2000 ? s.substring(0, 2000) + "... (" + input.length + " bytes)" : s;
    }
}
