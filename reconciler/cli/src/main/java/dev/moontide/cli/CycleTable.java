package dev.moontide.cli;

import dev.moontide.apply.RuntimeResult;
import dev.moontide.drift.Drift;
import dev.moontide.manifest.ManifestError;
import dev.moontide.plan.Action;
import dev.moontide.plan.Plan;
import dev.moontide.reconcile.Condition;
import dev.moontide.reconcile.CycleReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A cycle as {@code moontide reconcile} and {@code diff} print it for people. */
final class CycleTable {

    private CycleTable() {
    }

    static String of(CycleReport r) {
        StringBuilder b = new StringBuilder();
        if (r.revision() != null) {
            b.append("revision: ").append(r.revision().display()).append(" (").append(r.revision().subject()).append(")\n");
        }
        for (ManifestError e : r.errors()) {
            b.append("error: ").append(e).append('\n');
        }
        if (r.plan() != null) {
            plan(b, r.plan(), r.dryRun());
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
            List<List<String>> rows = new ArrayList<>();
            for (Drift d : r.drift()) {
                rows.add(List.of(d.cause().name(), d.kind().name().toLowerCase(Locale.ROOT), d.subject(), d.detail()));
            }
            indented(b, Format.table(List.of("CAUSE", "KIND", "SUBJECT", "DETAIL"), rows));
        }
        Condition c = r.status().condition();
        b.append("status: ").append(c.type()).append(' ').append(c.reason()).append(": ").append(c.message()).append('\n');
        return b.toString();
    }

    private static void plan(StringBuilder b, Plan plan, boolean dryRun) {
        if (plan.isEmpty()) {
            b.append(dryRun ? "plan: nothing to do, in sync\n" : "plan: nothing to do\n");
        } else {
            b.append("plan: ").append(plan.actions().size()).append(" action(s)")
                    .append(dryRun ? " (dry run: nothing changed)" : "").append('\n');
            List<List<String>> rows = new ArrayList<>();
            int i = 1;
            for (Action a : plan.actions()) {
                rows.add(List.of(String.valueOf(i++), a.verb(), a.target(), a.reason()));
            }
            indented(b, Format.table(List.of("#", "ACTION", "TARGET", "REASON"), rows));
        }
        plan.notes().forEach(n -> b.append("note: ").append(n).append('\n'));
    }

    private static void indented(StringBuilder b, List<String> lines) {
        lines.forEach(l -> b.append("  ").append(l).append('\n'));
    }
}
