package dev.moontide.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moontide.manifest.LuakPreflight;
import dev.moontide.manifest.ManifestError;
import dev.moontide.manifest.ManifestException;
import dev.moontide.manifest.ManifestLoader;
import dev.moontide.manifest.ManifestSet;
import dev.moontide.manifest.Preflight;
import dev.moontide.manifest.RuntimeManifest;
import dev.moontide.reconcile.CycleJson;
import dev.moontide.trust.TrustConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Validate manifests (schema, references, cycles, paths, a pre-flight parse of",
            "every script with luak); needs no Git and no kernel."},
        footer = {"", "Exit status: 0 valid, 1 invalid, 2 wrong usage."})
final class LintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", defaultValue = ".",
            description = "a repository folder (its manifests/ is read) or one manifest file")
    Path path;

    @Option(names = "--manifests", paramLabel = "DIR", description = "folder of manifests under PATH")
    String manifests;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text (default) or json")
    Output output = Output.text;

    @Option(names = "--trust", paramLabel = "FILE",
            description = {"the operator's settings: checks alerts.destinations names against them",
                "(default: /etc/moontide/moontide.properties when it exists; else names are not checked)"})
    Path trust;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Preflight preflight = LuakPreflight.orNone();
        try {
            ManifestSet set = load(preflight);
            if (output == Output.json) {
                ObjectNode o = Output.object();
                o.put("ok", true);
                ArrayNode names = o.putArray("runtimes");
                set.runtimes().forEach(r -> names.add(r.name()));
                o.put("config", set.config().isPresent());
                o.put("preflight", set.preflight());
                out.println(Output.write(o));
            } else {
                out.println("ok: " + set.runtimes().size() + " runtime(s) "
                        + set.runtimes().stream().map(RuntimeManifest::name).toList()
                        + (set.config().isPresent() ? ", 1 Config" : ", no Config (defaults)")
                        + "; scripts pre-flight: " + set.preflight());
            }
            if (!preflight.active()) {
                spec.commandLine().getErr().println("warning: " + preflight.describe());
            }
            return Moontide.EXIT_OK;
        } catch (ManifestException e) {
            if (output == Output.json) {
                ObjectNode o = Output.object();
                o.put("ok", false);
                o.set("errors", CycleJson.errors(e.errors()));
                out.println(Output.write(o));
            } else {
                e.errors().forEach(out::println);
                out.println(e.errors().size() + " error(s)");
            }
            return Moontide.EXIT_ERROR;
        } finally {
            out.flush();
        }
    }

    /** PATH is a repository root (its manifests/, or the whole folder) or one manifest file in one. */
    private ManifestSet load(Preflight preflight) throws IOException, ManifestException {
        Path root = path;
        String dir = manifests;
        if (Files.isRegularFile(path)) {
            root = repositoryRoot(path.toAbsolutePath().getParent());
            dir = root.toRealPath().relativize(path.toRealPath()).toString();
        } else if (dir == null) {
            dir = Files.isDirectory(path.resolve("manifests")) ? "manifests" : "";
        }
        ManifestSet set = new ManifestLoader(preflight).load(root, dir);
        Optional<TrustConfig> operator = trust();
        List<ManifestError> unknown = operator.isEmpty() ? List.of()
                : set.config().map(c -> operator.get().alerts().unknownIn(c)).orElse(List.of());
        if (!unknown.isEmpty()) {
            throw new ManifestException(unknown);
        }
        return set;
    }

    /** As reconcile reads it; without a file, no destination is known and none is checked. */
    private Optional<TrustConfig> trust() throws IOException {
        Path file = trust != null ? trust
                : Files.isRegularFile(ReconcileCommand.TRUST_FILE) ? ReconcileCommand.TRUST_FILE : null;
        try {
            return file == null ? Optional.empty() : Optional.of(TrustConfig.read(file, System::getenv));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Path repositoryRoot(Path from) {
        for (Path p = from; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return from;
    }
}
