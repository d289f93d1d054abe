package dev.moontide.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moontide.apply.RuntimeResult;
import dev.moontide.drift.Drift;
import dev.moontide.manifest.ManifestError;
import dev.moontide.plan.Action;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shape of a cycle: one representation for the daemon's REST API ({@code /api/plan},
 * {@code /api/sync}) and the command's {@code --output json}, so scripts read both alike.
 */
public final class CycleJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CycleJson() {
    }

    /** A cycle as the daemon's API and {@code --output json} show it. */
    public static ObjectNode of(CycleReport r) {
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
        o.set("errors", errors(r.errors()));
        ArrayNode drift = o.putArray("drift");
        for (Drift d : r.drift()) {
            ObjectNode x = drift.addObject();
            x.put("subject", d.subject());
            x.put("cause", d.cause().name());
            x.put("kind", d.kind().name().toLowerCase(Locale.ROOT));
            x.put("sha256", d.sha256());
            x.put("detail", d.detail());
        }
        o.set("status", JSON.valueToTree(status(r.status())));
        return o;
    }

    /** Manifest errors, each with its parts and its one-line text. */
    public static ArrayNode errors(List<ManifestError> errors) {
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

    private static Map<String, Object> status(Status s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("condition", s.condition());
        m.put("lastAttemptedRevision", s.lastAttemptedRevision());
        m.put("lastAppliedRevision", s.lastAppliedRevision());
        m.put("lastFailedRevision", s.lastFailedRevision());
        m.put("runtimes", s.runtimes());
        return m;
    }
}
