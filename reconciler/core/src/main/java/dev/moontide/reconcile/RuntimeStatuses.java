package dev.moontide.reconcile;

import dev.moontide.apply.ApplyResult;
import dev.moontide.apply.RuntimeResult;
import dev.moontide.drift.Drift;
import dev.moontide.plan.ActualRuntime;
import dev.moontide.plan.ActualState;
import dev.moontide.plan.DesiredRuntime;
import dev.moontide.plan.DesiredState;
import dev.moontide.plan.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Each runtime's line in the status: declared ones first by how they stand against Git, then unmanaged ones. */
final class RuntimeStatuses {

    private RuntimeStatuses() {
    }

    /** {@code desired} may be null (no valid revision), {@code result} null (nothing applied). */
    static List<RuntimeStatus> of(DesiredState desired, ActualState actual, ApplyResult result, List<Drift> drift) {
        Map<String, RuntimeStatus> out = new TreeMap<>();
        if (desired != null) {
            for (DesiredRuntime d : desired.runtimes()) {
                out.put(d.name(), declared(d, desired, actual, result, drift));
            }
        }
        for (ActualRuntime a : actual.runtimes()) {
            out.putIfAbsent(a.name(), new RuntimeStatus(a.name(), "Unmanaged", a.state(), a.sha256(),
                    "not declared in Git"));
        }
        return new ArrayList<>(out.values());
    }

    private static RuntimeStatus declared(DesiredRuntime d, DesiredState desired, ActualState actual,
            ApplyResult result, List<Drift> drift) {
        ActualRuntime a = actual.runtime(d.name()).orElse(null);
        String state = a == null ? "absent" : a.state();
        String sha = a == null ? null : a.sha256();
        RuntimeResult rr = result == null ? null : result.runtimes().stream()
                .filter(x -> x.name().equals(d.name())).findFirst().orElse(null);
        List<String> why = drift.stream().filter(x -> x.subject().equals(d.name())
                && x.kind() == Drift.Kind.CORRECTIVE).map(Drift::detail).toList();
        String sync;
        String message;
        if (rr != null && rr.outcome() == RuntimeResult.Outcome.ROLLED_BACK) {
            sync = "RolledBack";
            message = rr.message();
        } else if (rr != null && rr.outcome() == RuntimeResult.Outcome.SKIPPED) {
            sync = "OutOfSync";
            message = rr.message();
        } else if (rr != null && !rr.ok()) {
            sync = "Failed";
            message = rr.message();
        } else if (a != null && Planner.plan(new DesiredState(List.of(d), filesOf(desired, d), desired.prune()),
                new ActualState(List.of(a), actual.files(), actual.hashesKnown())).isEmpty()) {
            sync = "Synced";
            message = "";
        } else {
            sync = "OutOfSync";
            message = why.isEmpty() ? "differs from Git" : String.join("; ", why);
        }
        return new RuntimeStatus(d.name(), sync, state, sha, message);
    }

    private static Map<String, String> filesOf(DesiredState s, DesiredRuntime d) {
        Map<String, String> m = new TreeMap<>();
        m.put(d.spec().script(), s.files().get(d.spec().script()));
        d.spec().files().forEach(f -> m.put(f, s.files().get(f)));
        return m;
    }
}
