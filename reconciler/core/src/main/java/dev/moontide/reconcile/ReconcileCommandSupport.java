package dev.moontide.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moontide.apply.HealthCheck;
import dev.moontide.apply.RuntimeResult;
import dev.moontide.drift.Drift;
import dev.moontide.drift.LogAlertSink;
import dev.moontide.kernel.KernelDriver;
import dev.moontide.manifest.LuakPreflight;
import dev.moontide.manifest.ManifestError;
import dev.moontide.manifest.ManifestException;
import dev.moontide.manifest.ManifestLoader;
import dev.moontide.manifest.ManifestSet;
import dev.moontide.manifest.Preflight;
import dev.moontide.manifest.RuntimeManifest;
import dev.moontide.plan.Action;
import dev.moontide.plan.Plan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reconciler's verbs as plain Java, for the {@code moontide} command to call:
 * {@code lint}, {@code reconcile [--dry-run]} and {@code diff}. Each prints to the given streams
 * and returns the exit code.
 *
 * <ul>
 * <li>{@link #lint}: 0 valid, 1 invalid.</li>
 * <li>{@link #reconcile}: 0 in sync or applied, 2 a dry run found changes, 1 error
 *     (as {@code terraform plan -detailed-exitcode}).</li>
 * <li>{@link #diff}: 0 no difference, 2 differences (plan or drift), 1 error.</li>
 * </ul>
 */
public final class ReconcileCommandSupport {

    /** {@code --output}. */
    public enum Output {
        TABLE, JSON;

        public static Output parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "table" -> TABLE;
                case "json" -> JSON;
                default -> throw new IllegalArgumentException("unknown output \"" + s + "\"; table or json");
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReconcileCommandSupport() {
    }

    /**
     * {@code moontide lint PATH}: validates the manifests of a repository folder (no Git needed)
     * without touching anything. PATH is the repository root (its {@code manifests/} folder is
     * read, or the whole folder if it has none) or one manifest file inside a repository.
     *
     * @param manifests the manifests folder relative to PATH, or null for the rule above
     */
    public static int lint(Path path, String manifests, Output output, PrintStream out, PrintStream err) {
        Preflight preflight = LuakPreflight.orNone();
        try {
            Path root = path;
            String dir = manifests;
            if (Files.isRegularFile(path)) {
                root = repositoryRoot(path.toAbsolutePath().getParent());
                dir = root.toRealPath().relativize(path.toRealPath()).toString();
            } else if (dir == null) {
                dir = Files.isDirectory(path.resolve("manifests")) ? "manifests" : "";
            }
            ManifestSet set = new ManifestLoader(preflight).load(root, dir);
            if (output == Output.JSON) {
                ObjectNode o = JSON.createObjectNode();
                o.put("ok", true);
                ArrayNode names = o.putArray("runtimes");
                set.runtimes().forEach(r -> names.add(r.name()));
                o.put("config", set.config().isPresent());
                o.put("preflight", set.preflight());
                out.println(JSON.writeValueAsString(o));
            } else {
                out.println("ok: " + set.runtimes().size() + " runtime(s) "
                        + set.runtimes().stream().map(RuntimeManifest::name).toList()
                        + (set.config().isPresent() ? ", 1 Config" : ", no Config (defaults)")
                        + "; scripts pre-flight: " + set.preflight());
            }
            if (!preflight.active()) {
                err.println("warning: " + preflight.describe());
            }
            return 0;
        } catch (ManifestException e) {
            if (output == Output.JSON) {
                ObjectNode o = JSON.createObjectNode();
                o.put("ok", false);
                o.set("errors", errorsJson(e.errors()));
                out.println(json(o));
            } else {
                e.errors().forEach(x -> out.println(x));
                out.println(e.errors().size() + " error(s)");
            }
            return 1;
        } catch (IOException e) {
            err.println("moontide lint: " + e.getMessage());
            return 1;
        }
    }

    /** {@code moontide reconcile [--dry-run] [--force]}: one cycle. */
    public static int reconcile(ReconcileSettings settings, KernelDriver driver, boolean dryRun, boolean force,
            Output output, PrintStream out, PrintStream err) {
        try {
            CycleReport r = reconciler(settings, driver).cycle(dryRun, force);
            out.print(output == Output.JSON ? json(toJson(r)) + "\n" : table(r));
            return r.exitCode();
        } catch (IOException | RuntimeException e) {
            err.println("moontide reconcile: " + e.getMessage());
            return 1;
        }
    }

    /** {@code moontide diff}: what a reconcile would change, and the drift; changes nothing. */
    public static int diff(ReconcileSettings settings, KernelDriver driver, Output output, PrintStream out,
            PrintStream err) {
        try {
            CycleReport r = reconciler(settings, driver).cycle(true, true);
            out.print(output == Output.JSON ? json(toJson(r)) + "\n" : table(r));
            if (r.exitCode() == 1) {
                return 1;
            }
            return r.plan().isEmpty() && r.drift().isEmpty() ? 0 : 2;
        } catch (IOException | RuntimeException e) {
            err.println("moontide diff: " + e.getMessage());
            return 1;
        }
    }

    /** A reconciler for one-shot commands: luak pre-flight if found, alerts to the log. */
    public static Reconciler reconciler(ReconcileSettings settings, KernelDriver driver) {
        return new Reconciler(settings, driver, LuakPreflight.orNone(), new HealthCheck(100),
                List.of(new LogAlertSink()), Clock.systemUTC());
    }

    /** The human table of a cycle. */
    public static String table(CycleReport r) {
        StringBuilder b = new StringBuilder();
        if (r.revision() != null) {
            b.append("revision: ").append(r.revision().display()).append(" (").append(r.revision().subject()).append(")\n");
        }
        for (ManifestError e : r.errors()) {
            b.append("error: ").append(e).append('\n');
        }
        Plan plan = r.plan();
        if (plan != null) {
            if (plan.isEmpty()) {
                b.append(r.dryRun() ? "plan: nothing to do, in sync\n" : "plan: nothing to do\n");
            } else {
                b.append("plan: ").append(plan.actions().size()).append(" action(s)").append(r.dryRun() ? " (dry run: nothing changed)" : "").append('\n');
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"#", "ACTION", "TARGET", "REASON"});
                int i = 1;
                for (Action a : plan.actions()) {
                    rows.add(new String[] {String.valueOf(i++), a.verb(), a.target(), a.reason()});
                }
                columns(b, rows);
            }
            plan.notes().forEach(n -> b.append("note: ").append(n).append('\n'));
        }
        if (r.applied() != null) {
            for (RuntimeResult rr : r.applied().runtimes()) {
                b.append("result: ").append(rr.name()).append(' ').append(rr.outcome().name().toLowerCase(Locale.ROOT))
                        .append(rr.message().isEmpty() ? "" : ": " + rr.message()).append('\n');
            }
            r.applied().errors().forEach(e -> b.append("error: ").append(e).append('\n'));
        }
        if (!r.drift().isEmpty()) {
            b.append("drift:\n");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"CAUSE", "KIND", "SUBJECT", "DETAIL"});
            for (Drift d : r.drift()) {
                rows.add(new String[] {d.cause().name(), d.kind().name().toLowerCase(Locale.ROOT), d.subject(), d.detail()});
            }
            columns(b, rows);
        }
        Condition c = r.status().condition();
        b.append("status: ").append(c.type()).append(' ').append(c.reason()).append(": ").append(c.message()).append('\n');
        return b.toString();
    }

    /** The JSON of a cycle. */
    public static ObjectNode toJson(CycleReport r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("dryRun", r.dryRun());
        if (r.revision() != null) {
            ObjectNode rev = o.putObject("revision");
            rev.put("commit", r.revision().commit());
            rev.put("ref", r.revision().ref());
            rev.put("subject", r.revision().subject());
            rev.put("time", r.revision().time().toString());
        } else {
            o.putNull("revision");
        }
        o.put("inSync", r.plan() != null && r.plan().isEmpty());
        ArrayNode actions = o.putArray("actions");
        if (r.plan() != null) {
            for (Action a : r.plan().actions()) {
                ObjectNode x = actions.addObject();
                x.put("action", a.verb());
                x.put("target", a.target());
                x.put("reason", a.reason());
                if (a instanceof Action.InstallFile i) {
                    x.put("sha256", i.sha256());
                } else if (a instanceof Action.Start s) {
                    x.put("sha256", s.runtime().scriptSha256());
                } else if (a instanceof Action.Restart s) {
                    x.put("sha256", s.runtime().scriptSha256());
                }
            }
            ArrayNode notes = o.putArray("notes");
            r.plan().notes().forEach(notes::add);
        }
        if (r.applied() != null) {
            ArrayNode results = o.putArray("results");
            for (RuntimeResult rr : r.applied().runtimes()) {
                ObjectNode x = results.addObject();
                x.put("runtime", rr.name());
                x.put("outcome", rr.outcome().name().toLowerCase(Locale.ROOT));
                x.put("message", rr.message());
            }
        }
        o.set("errors", errorsJson(r.errors()));
        ArrayNode drift = o.putArray("drift");
        for (Drift d : r.drift()) {
            ObjectNode x = drift.addObject();
            x.put("subject", d.subject());
            x.put("cause", d.cause().name());
            x.put("kind", d.kind().name().toLowerCase(Locale.ROOT));
            x.put("sha256", d.sha256());
            x.put("detail", d.detail());
        }
        o.set("status", JSON.valueToTree(new java.util.LinkedHashMap<String, Object>() {
            private static final long serialVersionUID = 1L;
            {
                put("condition", r.status().condition());
                put("lastAttemptedRevision", r.status().lastAttemptedRevision());
                put("lastAppliedRevision", r.status().lastAppliedRevision());
                put("lastFailedRevision", r.status().lastFailedRevision());
                put("runtimes", r.status().runtimes());
            }
        }));
        return o;
    }

    private static ArrayNode errorsJson(List<ManifestError> errors) {
        ArrayNode a = JSON.createArrayNode();
        for (ManifestError e : errors) {
            ObjectNode x = a.addObject();
            x.put("file", e.file());
            x.put("document", e.document());
            x.put("field", e.field());
            x.put("line", e.line());
            x.put("message", e.message());
            x.put("text", e.toString());
        }
        return a;
    }

    private static void columns(StringBuilder b, List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            b.append("  ");
            for (int i = 0; i < row.length; i++) {
                b.append(i < row.length - 1 ? String.format("%-" + w[i] + "s  ", row[i]) : row[i]);
            }
            b.append('\n');
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

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
