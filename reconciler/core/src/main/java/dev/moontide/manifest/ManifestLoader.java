package dev.moontide.manifest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads and validates the manifests of a repository, in steps that each add errors and stop
 * the load if any are found: files → YAML documents → apiVersion and kind → JSON Schema →
 * binding to records → names and dependencies → paths → Lua pre-flight. Files and YAML are read
 * within {@link ParseLimits}, checked as they are read: the manifests are untrusted input.
 *
 * <p>Every error names the file, the document and the field
 * ({@code manifests/web.yaml: document 2: spec.dependsOn[0]: no Runtime named "db"}).
 */
public final class ManifestLoader {

    private static final ObjectMapper BINDER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Preflight preflight;
    private final ParseLimits limits;

    public ManifestLoader(Preflight preflight) {
        this(preflight, ParseLimits.DEFAULT);
    }

    public ManifestLoader(Preflight preflight, ParseLimits limits) {
        this.preflight = preflight;
        this.limits = limits;
    }

    /**
     * Loads the manifests under {@code dir} (a folder searched for {@code *.yaml} and
     * {@code *.yml}, or one file), relative to the repository {@code root}.
     *
     * @throws ManifestException listing every problem found
     * @throws IOException       if the repository could not be read or the pre-flight not run
     */
    public ManifestSet load(Path root, String dir) throws ManifestException, IOException {
        Path realRoot = root.toRealPath();
        List<ManifestError> errors = new ArrayList<>();
        List<String> files = findFiles(realRoot, dir, errors);
        List<YamlDocuments.Document> docs = new ArrayList<>();
        ParseBudget budget = new ParseBudget(limits);
        for (String file : files) {
            Optional<String> text = readText(realRoot, file, budget, errors);
            text.ifPresent(t -> docs.addAll(YamlDocuments.read(file, t, budget, errors)));
            if (budget.exhausted()) {
                break; // the repository's bound is crossed: reading on would only cost more
            }
        }
        List<Manifest> manifests = new ArrayList<>();
        for (YamlDocuments.Document doc : docs) {
            bind(doc, errors).ifPresent(manifests::add);
        }
        fail(errors);

        Map<Origin, YamlDocuments.Document> byOrigin = new HashMap<>();
        docs.forEach(d -> byOrigin.put(d.origin(), d));
        Checks checks = new Checks(realRoot, byOrigin, errors);
        Optional<ConfigManifest> config = checks.config(manifests);
        List<RuntimeManifest> runtimes = manifests.stream().filter(m -> m instanceof RuntimeManifest)
                .map(m -> (RuntimeManifest) m).toList();
        checks.names(runtimes);
        checks.dependencies(runtimes);
        checks.paths(runtimes);
        fail(errors);
        checks.preflight(runtimes, preflight);
        fail(errors);
        return new ManifestSet(realRoot, config, runtimes, preflight.describe());
    }

    private static void fail(List<ManifestError> errors) throws ManifestException {
        if (!errors.isEmpty()) {
            List<ManifestError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparing(ManifestError::file).thenComparingInt(ManifestError::document));
            throw new ManifestException(sorted);
        }
    }

    private List<String> findFiles(Path root, String dir, List<ManifestError> errors) throws IOException {
        Path start = root.resolve(dir).normalize();
        String shown = dir.isEmpty() ? "." : dir;
        if (!start.startsWith(root)) {
            errors.add(ManifestError.ofFile(shown, "is outside the repository"));
            return List.of();
        }
        if (!Files.exists(start)) {
            errors.add(ManifestError.ofFile(shown, "no such file or directory in the repository"));
            return List.of();
        }
        if (Files.isRegularFile(start)) {
            return List.of(relative(root, start));
        }
        List<String> files;
        try (Stream<Path> walk = Files.walk(start)) {
            files = walk.filter(p -> !relative(root, p).startsWith(".git/") && !relative(root, p).contains("/.git/"))
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".yaml") || n.endsWith(".yml");
                    })
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p))
                    .map(p -> relative(root, p)).sorted().toList();
        }
        if (files.size() > limits.files()) {
            errors.add(ManifestError.ofFile(shown, "holds " + files.size() + " manifest files, more than the "
                    + limits.files() + " a repository may have"));
            return List.of();
        }
        if (files.isEmpty()) {
            errors.add(ManifestError.ofFile(shown, "holds no *.yaml or *.yml file"));
        }
        return files;
    }

    private static Optional<String> readText(Path root, String file, ParseBudget budget, List<ManifestError> errors)
            throws IOException {
        Path p = root.resolve(file);
        if (!p.toRealPath().startsWith(root)) {
            errors.add(ManifestError.ofFile(file, "is a symbolic link leading outside the repository"));
            return Optional.empty();
        }
        long max = budget.limits().fileBytes();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(p)) {
            bytes = in.readNBytes((int) max + 1); // never more than the bound, whatever the size said
        }
        if (bytes.length > max) {
            errors.add(ManifestError.ofFile(file, "is more than the " + max + " bytes a manifest file may have"));
            return Optional.empty();
        }
        if (!budget.takeBytes(bytes.length)) {
            errors.add(ManifestError.ofFile(file, "brings the manifests to more than the "
                    + budget.limits().repositoryBytes() + " bytes, the most a repository may have"));
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            errors.add(ManifestError.ofFile(file, "is not valid UTF-8"));
            return Optional.empty();
        }
    }

    /** apiVersion, kind, schema, then the records; empty with errors added if any step fails. */
    private static Optional<Manifest> bind(YamlDocuments.Document doc, List<ManifestError> errors) {
        Origin origin = doc.origin();
        JsonNode tree = doc.tree();
        if (!tree.isObject()) {
            errors.add(ManifestError.at(origin, "", doc.line(""), "must be a mapping, was " + SchemaCheck.describe(tree)));
            return Optional.empty();
        }
        JsonNode api = tree.get("apiVersion");
        if (api == null || !Manifest.API_VERSION.equals(api.asText(null))) {
            errors.add(ManifestError.at(origin, "apiVersion", doc.line("apiVersion"), api == null
                    ? "required field is missing (" + Manifest.API_VERSION + ")"
                    : "must be \"" + Manifest.API_VERSION + "\", was " + SchemaCheck.describe(api)));
            return Optional.empty();
        }
        JsonNode kindNode = tree.get("kind");
        String kind = kindNode == null ? null : kindNode.asText(null);
        if (!RuntimeManifest.KIND.equals(kind) && !ConfigManifest.KIND.equals(kind)) {
            errors.add(ManifestError.at(origin, "kind", doc.line("kind"), kindNode == null
                    ? "required field is missing (Runtime or Config)"
                    : "must be Runtime or Config, was " + SchemaCheck.describe(kindNode)));
            return Optional.empty();
        }
        List<ManifestError> violations = SchemaCheck.check(doc, kind);
        if (!violations.isEmpty()) {
            errors.addAll(violations);
            return Optional.empty();
        }
        try {
            if (RuntimeManifest.KIND.equals(kind)) {
                Metadata metadata = BINDER.treeToValue(tree.get("metadata"), Metadata.class);
                RuntimeSpec spec = BINDER.treeToValue(tree.get("spec"), RuntimeSpec.class);
                return Optional.of(new RuntimeManifest(origin, metadata, spec));
            }
            JsonNode spec = tree.get("spec");
            ConfigSpec configSpec = BINDER.treeToValue(spec == null || spec.isNull() ? new ObjectNode(null) : spec,
                    ConfigSpec.class);
            return Optional.of(new ConfigManifest(origin, configSpec));
        } catch (IOException | IllegalArgumentException e) {
            // The schema and the records are out of step: a bug, but still reported where it is.
            errors.add(ManifestError.at(origin, "", doc.line(""), "does not bind: " + e.getMessage()));
            return Optional.empty();
        }
    }

    static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /** The checks across documents. */
    private static final class Checks {
        private final Path root;
        private final Map<Origin, YamlDocuments.Document> docs;
        private final List<ManifestError> errors;

        Checks(Path root, Map<Origin, YamlDocuments.Document> docs, List<ManifestError> errors) {
            this.root = root;
            this.docs = docs;
            this.errors = errors;
        }

        private void error(Origin origin, String field, String message) {
            YamlDocuments.Document doc = docs.get(origin);
            errors.add(ManifestError.at(origin, field, doc == null ? 0 : doc.line(field), message));
        }

        Optional<ConfigManifest> config(List<Manifest> manifests) {
            ConfigManifest first = null;
            for (Manifest m : manifests) {
                if (m instanceof ConfigManifest c) {
                    if (first == null) {
                        first = c;
                    } else {
                        error(c.origin(), "kind", "a repository has one Config; the first is at " + first.origin());
                    }
                }
            }
            return Optional.ofNullable(first);
        }

        void names(List<RuntimeManifest> runtimes) {
            Map<String, RuntimeManifest> seen = new HashMap<>();
            for (RuntimeManifest r : runtimes) {
                RuntimeManifest first = seen.putIfAbsent(r.name(), r);
                if (first != null) {
                    error(r.origin(), "metadata.name", "Runtime \"" + r.name() + "\" is already declared at " + first.origin());
                }
            }
        }

        void dependencies(List<RuntimeManifest> runtimes) {
            Map<String, RuntimeManifest> byName = new HashMap<>();
            runtimes.forEach(r -> byName.putIfAbsent(r.name(), r));
            for (RuntimeManifest r : runtimes) {
                List<String> deps = r.spec().dependsOn();
                for (int i = 0; i < deps.size(); i++) {
                    String d = deps.get(i);
                    if (d.equals(r.name())) {
                        error(r.origin(), "spec.dependsOn[" + i + "]", "a Runtime cannot depend on itself");
                    } else if (!byName.containsKey(d)) {
                        error(r.origin(), "spec.dependsOn[" + i + "]", "no Runtime named \"" + d + "\"");
                    }
                }
            }
            for (List<String> cycle : Cycles.find(byName.keySet(), n -> byName.get(n).spec().dependsOn().stream()
                    .filter(d -> byName.containsKey(d) && !d.equals(n)).toList())) {
                RuntimeManifest r = byName.get(cycle.get(0));
                int i = r.spec().dependsOn().indexOf(cycle.get(1));
                error(r.origin(), "spec.dependsOn[" + i + "]", "dependency cycle: " + String.join(" -> ", cycle));
            }
        }

        void paths(List<RuntimeManifest> runtimes) throws IOException {
            for (RuntimeManifest r : runtimes) {
                path(r.origin(), "spec.script", r.spec().script());
                List<String> files = r.spec().files();
                for (int i = 0; i < files.size(); i++) {
                    path(r.origin(), "spec.files[" + i + "]", files.get(i));
                    if (files.get(i).equals(r.spec().script())) {
                        error(r.origin(), "spec.files[" + i + "]", "is the entry script already");
                    }
                }
            }
        }

        private void path(Origin origin, String field, String path) throws IOException {
            Optional<String> problem = RepoPaths.problem(root, path);
            problem.ifPresent(p -> error(origin, field, p));
        }

        void preflight(List<RuntimeManifest> runtimes, Preflight preflight) throws IOException {
            Set<String> lua = new LinkedHashSet<>();
            for (RuntimeManifest r : runtimes) {
                lua.add(r.spec().script());
                r.spec().files().stream().filter(f -> f.endsWith(".lua")).forEach(lua::add);
            }
            Map<String, String> failures = preflight.check(root, lua);
            if (failures.isEmpty()) {
                return;
            }
            for (RuntimeManifest r : runtimes) {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("spec.script", r.spec().script());
                for (int i = 0; i < r.spec().files().size(); i++) {
                    fields.put("spec.files[" + i + "]", r.spec().files().get(i));
                }
                fields.forEach((field, path) -> {
                    String failure = failures.get(path);
                    if (failure != null) {
                        error(r.origin(), field, "does not compile in the kernel dialect: " + failure);
                    }
                });
            }
        }
    }
}
