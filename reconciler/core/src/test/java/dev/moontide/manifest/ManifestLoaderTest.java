package dev.moontide.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per error class: the repository's files, and the exact errors the load reports. */
class ManifestLoaderTest {

    @TempDir
    Path repo;

    static final String HEAD = "apiVersion: moontide.dev/v1alpha1\n";

    static String runtime(String name, String specBody) {
        return HEAD + "kind: Runtime\nmetadata:\n  name: " + name + "\nspec:\n" + specBody;
    }

    static Stream<Arguments> errors() {
        return Stream.of(
            row("YAML syntax", Map.of("manifests/a.yaml", "a: [1, 2\n"),
                "manifests/a.yaml: document 1: invalid YAML: line 2, column 1: expected ',' or ']', but got <stream end>"),
            row("document not a mapping", Map.of("manifests/a.yaml", "- 1\n"),
                "manifests/a.yaml: document 1: must be a mapping, was an array"),
            row("wrong apiVersion", Map.of("manifests/a.yaml", "apiVersion: v1\nkind: Runtime\n"),
                "manifests/a.yaml: document 1: apiVersion: must be \"moontide.dev/v1alpha1\", was \"v1\""),
            row("unknown kind", Map.of("manifests/a.yaml", HEAD + "kind: Pod\n"),
                "manifests/a.yaml: document 1: kind: must be Runtime or Config, was \"Pod\""),
            row("unknown field", Map.of("manifests/a.yaml", runtime("a", "  script: a.lua\n  scirpt: b.lua\n"), "a.lua", "return 1\n"),
                "manifests/a.yaml: document 1: spec.scirpt: unknown field"),
            row("missing field", Map.of("manifests/a.yaml", HEAD + "kind: Runtime\nmetadata:\n  name: a\nspec:\n  context: process\n"),
                "manifests/a.yaml: document 1: spec.script: required field is missing"),
            row("bad enum in the second document", Map.of("manifests/a.yaml",
                    runtime("a", "  script: a.lua\n") + "---\n" + runtime("b", "  script: a.lua\n  context: thread\n"), "a.lua", ""),
                "manifests/a.yaml: document 2: spec.context: must be one of process, softirq, hardirq, was \"thread\""),
            row("bad type", Map.of("manifests/a.yaml", runtime("a", "  script: a.lua\n  limits:\n    memory: lots\n"), "a.lua", ""),
                "manifests/a.yaml: document 1: spec.limits.memory: must be an integer, was \"lots\""),
            row("quota over the softirq ceiling", Map.of("manifests/a.yaml",
                    runtime("a", "  script: a.lua\n  context: softirq\n  limits:\n    quota: 10000001\n"), "a.lua", ""),
                "manifests/a.yaml: document 1: spec.limits.quota: must be at most 10000000 in context softirq or hardirq (its ceiling), was 10000001"),
            row("memory over the hardirq ceiling", Map.of("manifests/a.yaml",
                    runtime("a", "  script: a.lua\n  context: hardirq\n  limits: {memory: 4194305, quota: 10000000}\n"), "a.lua", ""),
                "manifests/a.yaml: document 1: spec.limits.memory: must be at most 4194304 in context softirq or hardirq (its ceiling), was 4194305"),
            row("bad name", Map.of("manifests/a.yaml", runtime("Web_1", "  script: a.lua\n"), "a.lua", ""),
                "manifests/a.yaml: document 1: metadata.name: must be a lowercase DNS label (a-z, 0-9 and '-', starting and ending with a letter or digit), was \"Web_1\""),
            row("duplicate key", Map.of("manifests/a.yaml", runtime("a", "  script: a.lua\n  script: b.lua\n"), "a.lua", ""),
                "manifests/a.yaml: document 1: spec.script: duplicate key"),
            row("arbitrary type tag", Map.of("manifests/a.yaml", runtime("a", "  script: !!javax.script.ScriptEngineManager [x]\n")),
                "manifests/a.yaml: document 1: invalid YAML: line 6, column 11: Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager"),
            row("local tag", Map.of("manifests/a.yaml", runtime("a", "  script: !lua a.lua\n")),
                "manifests/a.yaml: document 1: spec.script: tag !lua is not allowed"),
            row("duplicate name", Map.of("manifests/a.yaml", runtime("a", "  script: a.lua\n"),
                    "manifests/b.yaml", runtime("a", "  script: a.lua\n"), "a.lua", ""),
                "manifests/b.yaml: document 1: metadata.name: Runtime \"a\" is already declared at manifests/a.yaml: document 1"),
            row("missing dependency", Map.of("manifests/web.yaml", runtime("db2", "  script: a.lua\n") + "---\n"
                    + runtime("web", "  script: a.lua\n  dependsOn: [db]\n"), "a.lua", ""),
                "manifests/web.yaml: document 2: spec.dependsOn[0]: no Runtime named \"db\""),
            row("self dependency", Map.of("manifests/a.yaml", runtime("a", "  script: a.lua\n  dependsOn: [a]\n"), "a.lua", ""),
                "manifests/a.yaml: document 1: spec.dependsOn[0]: a Runtime cannot depend on itself"),
            row("dependency cycle", Map.of("manifests/a.yaml",
                    runtime("a", "  script: x.lua\n  dependsOn: [b]\n") + "---\n"
                    + runtime("b", "  script: x.lua\n  dependsOn: [c]\n") + "---\n"
                    + runtime("c", "  script: x.lua\n  dependsOn: [a]\n") + "---\n"
                    + runtime("d", "  script: x.lua\n  dependsOn: [a]\n"), "x.lua", ""),
                "manifests/a.yaml: document 1: spec.dependsOn[0]: dependency cycle: a -> b -> c -> a"),
            row("missing file", Map.of("manifests/a.yaml", runtime("a", "  script: a.lua\n  files: [lib/util.lua]\n"), "a.lua", ""),
                "manifests/a.yaml: document 1: spec.files[0]: no such file \"lib/util.lua\" in the repository"),
            row("path leaving the repository", Map.of("manifests/a.yaml", runtime("a", "  script: ../etc/passwd\n")),
                "manifests/a.yaml: document 1: spec.script: must be a relative path inside the repository (no leading /, no .. segment), was \"../etc/passwd\""),
            row("absolute path", Map.of("manifests/a.yaml", runtime("a", "  script: /etc/passwd\n")),
                "manifests/a.yaml: document 1: spec.script: must be a relative path inside the repository (no leading /, no .. segment), was \"/etc/passwd\""),
            row("two Configs", Map.of("manifests/a.yaml", HEAD + "kind: Config\nspec: {}\n---\n" + HEAD + "kind: Config\nspec: {}\n"),
                "manifests/a.yaml: document 2: kind: a repository has one Config; the first is at manifests/a.yaml: document 1"),
            row("bad interval", Map.of("manifests/c.yaml", HEAD + "kind: Config\nspec:\n  interval: 5 minutes\n"),
                "manifests/c.yaml: document 1: spec.interval: must be a whole number of s, m or h (\"30s\", \"5m\", \"1h\"), was \"5 minutes\""),
            row("script that does not compile", Map.of("manifests/a.yaml", runtime("a", "  script: a.lua\n"), "a.lua", "return FLOAT\n"),
                "manifests/a.yaml: document 1: spec.script: does not compile in the kernel dialect: a.lua:1: malformed number (floats are not supported) near '1.5'"),
            row("no manifest at all", Map.of("manifests/readme.txt", "nothing\n"),
                "manifests: holds no *.yaml or *.yml file"));
    }

    static Arguments row(String name, Map<String, String> files, String... expected) {
        return Arguments.of(name, new TreeMap<>(files), List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void reportsEachErrorClassExactly(String name, Map<String, String> files, List<String> expected) throws IOException {
        write(files);
        ManifestException e = assertThrows(ManifestException.class,
                () -> new ManifestLoader(FakeLuak.INSTANCE).load(repo, "manifests"));
        assertEquals(expected, e.errors().stream().map(ManifestError::toString).toList());
    }

    @Test
    void symlinkLeavingTheRepositoryIsRefused(@TempDir Path outside) throws IOException {
        Files.writeString(outside.resolve("evil.lua"), "return 1\n");
        write(Map.of("manifests/a.yaml", runtime("a", "  script: a.lua\n")));
        Files.createSymbolicLink(repo.resolve("a.lua"), outside.resolve("evil.lua"));
        ManifestException e = assertThrows(ManifestException.class,
                () -> new ManifestLoader(FakeLuak.INSTANCE).load(repo, "manifests"));
        assertEquals(List.of("manifests/a.yaml: document 1: spec.script: \"a.lua\" is a symbolic link leading outside the repository"),
                e.errors().stream().map(ManifestError::toString).toList());
    }

    @Test
    void billionLaughsIsRefused() throws IOException {
        StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        write(Map.of("manifests/a.yaml", y.toString()));
        ManifestException e = assertThrows(ManifestException.class,
                () -> new ManifestLoader(FakeLuak.INSTANCE).load(repo, "manifests"));
        assertEquals(1, e.errors().size());
        assertTrue(e.errors().get(0).toString().startsWith("manifests/a.yaml: document 1: invalid YAML: "), e.getMessage());
        assertTrue(e.getMessage().contains("aliases"), e.getMessage());
    }

    @Test
    void errorsCarryTheLineOfTheField() throws IOException {
        write(Map.of("manifests/a.yaml", runtime("a", "  script: a.lua\n  context: thread\n"), "a.lua", ""));
        ManifestException e = assertThrows(ManifestException.class,
                () -> new ManifestLoader(FakeLuak.INSTANCE).load(repo, "manifests"));
        assertEquals(7, e.errors().get(0).line());
    }

    @Test
    void loadsAValidRepositoryWithDefaults() throws Exception {
        write(Map.of(
            "manifests/app.yaml", runtime("web", "  script: web/main.lua\n  files: [lib/util.lua]\n  dependsOn: [db]\n"
                + "  limits: {memory: 0x100000, quota: 1_000_000}\n  health: {device: /dev/web}\n  driftPolicy: heal\n")
                + "---\n" + runtime("db", "  script: db.lua\n  context: softirq\n  spawn: yes\n") + "\n---\n",
            "manifests/config.yml", HEAD + "kind: Config\nspec:\n  interval: 30s\n  prune: {enabled: true}\n"
                + "  alerts:\n    destinations: [ops, pager]\n",
            "web/main.lua", "return 1\n", "lib/util.lua", "return {}\n", "db.lua", "return 2\n"));
        ManifestSet set = new ManifestLoader(FakeLuak.INSTANCE).load(repo, "manifests");
        assertEquals(List.of("db", "web"), set.runtimes().stream().map(RuntimeManifest::name).toList());
        RuntimeSpec web = set.runtime("web").orElseThrow().spec();
        assertEquals(new Limits(1048576L, 1000000L), web.limits());
        assertEquals(new Health("/dev/web", null, 10), web.health());
        assertEquals(DriftPolicy.HEAL, web.driftPolicy());
        assertEquals("process", web.context());
        RuntimeSpec db = set.runtime("db").orElseThrow().spec();
        assertEquals("softirq", db.context());
        assertTrue(db.spawn());
        assertEquals(DriftPolicy.ALERT, db.driftPolicy());
        assertEquals(java.time.Duration.ofSeconds(30), set.configSpec().intervalDuration());
        assertTrue(set.configSpec().prune().enabled());
        assertEquals(false, set.configSpec().prune().allowEmpty());
        assertEquals(List.of("ops", "pager"), set.configSpec().alerts().destinations());
        assertEquals(new Origin("manifests/app.yaml", 2), set.runtime("db").orElseThrow().origin());
    }

    @Test
    void atomicCeilingsAdmitTheirOwnValueAndBindOnlySoftirqAndHardirq() throws Exception {
        write(Map.of("manifests/a.yaml",
                runtime("at", "  script: a.lua\n  context: hardirq\n  limits: {memory: 4194304, quota: 10000000}\n")
                + "---\n" + runtime("big", "  script: a.lua\n  limits: {memory: 1073741824, quota: 1000000000}\n"),
                "a.lua", ""));
        ManifestSet set = new ManifestLoader(FakeLuak.INSTANCE).load(repo, "manifests");
        assertEquals(new Limits(4194304L, 10000000L), set.runtime("at").orElseThrow().spec().limits());
        assertEquals(new Limits(1073741824L, 1000000000L), set.runtime("big").orElseThrow().spec().limits());
    }

    @Test
    void withoutAConfigTheDefaultsHold() throws Exception {
        write(Map.of("manifests/a.yaml", runtime("a", "  script: a.lua\n"), "a.lua", ""));
        ManifestSet set = new ManifestLoader(FakeLuak.INSTANCE).load(repo, "manifests");
        assertEquals(ConfigSpec.DEFAULT, set.configSpec());
        assertEquals(java.time.Duration.ofMinutes(1), set.configSpec().intervalDuration());
    }

    void write(Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : new LinkedHashMap<>(files).entrySet()) {
            Path p = repo.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }
    }
}
