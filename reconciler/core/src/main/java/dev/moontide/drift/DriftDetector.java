package dev.moontide.drift;

import dev.moontide.apply.Inventory;
import dev.moontide.plan.ActualRuntime;
import dev.moontide.plan.ActualState;
import dev.moontide.plan.DesiredRuntime;
import dev.moontide.plan.DesiredState;
import dev.moontide.plan.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares the kernel and the script root with the last applied inventory (corrective drift),
 * and the inventory with what Git declares now (intentional drift). Pure.
 */
public final class DriftDetector {

    private DriftDetector() {
    }

    /**
     * @param applied what was last applied
     * @param desired what Git declares now, or null to skip intentional drift
     * @param actual  the kernel's runtimes and the sha256 on disk of every inventory file
     */
    public static List<Drift> detect(Inventory applied, DesiredState desired, ActualState actual) {
        List<Drift> out = new ArrayList<>();
        for (DesiredRuntime d : applied.runtimes().values()) {
            ActualRuntime a = actual.runtime(d.name()).orElse(null);
            if (a == null) {
                out.add(new Drift(d.name(), Drift.Cause.MISSING, d.scriptSha256(), Drift.Kind.CORRECTIVE,
                        "runtime " + d.name() + " is not running in the kernel"));
                continue;
            }
            if (ActualRuntime.FAILED.equals(a.state())) {
                out.add(new Drift(d.name(), Drift.Cause.FAILED, a.sha256(), Drift.Kind.CORRECTIVE,
                        "runtime " + d.name() + " failed: " + (a.error() == null ? "no error recorded" : a.error())));
            }
            if (actual.hashesKnown() && a.sha256() != null && !a.sha256().equals(d.scriptSha256())) {
                out.add(new Drift(d.name(), Drift.Cause.SHA256, a.sha256(), Drift.Kind.CORRECTIVE,
                        "runtime " + d.name() + " runs " + a.script() + " with sha256 " + Sha256.shortForm(a.sha256())
                                + ", applied was " + d.spec().script() + " with " + Sha256.shortForm(d.scriptSha256())));
            } else if (!a.script().equals(d.spec().script())) {
                out.add(new Drift(d.name(), Drift.Cause.SHA256, a.sha256(), Drift.Kind.CORRECTIVE,
                        "runtime " + d.name() + " runs " + a.script() + ", applied was " + d.spec().script()));
            }
            if (a.context() != null && !a.context().equals(d.spec().context())) {
                out.add(new Drift(d.name(), Drift.Cause.CONTEXT, a.sha256(), Drift.Kind.CORRECTIVE,
                        "runtime " + d.name() + " runs in " + a.context() + " context, applied was " + d.spec().context()));
            }
        }
        for (ActualRuntime a : actual.runtimes()) {
            boolean declared = desired != null && desired.runtime(a.name()).isPresent();
            if (!applied.runtimes().containsKey(a.name()) && !declared) {
                out.add(new Drift(a.name(), Drift.Cause.UNEXPECTED, a.sha256(), Drift.Kind.CORRECTIVE,
                        "runtime " + a.name() + " (" + a.script() + ") runs but is not declared in Git"));
            }
        }
        for (Map.Entry<String, String> f : applied.files().entrySet()) {
            String now = actual.files().get(f.getKey());
            if (now == null) {
                out.add(new Drift(f.getKey(), Drift.Cause.FILE_MISSING, f.getValue(), Drift.Kind.CORRECTIVE,
                        "file " + f.getKey() + " is missing from the script root"));
            } else if (!now.equals(f.getValue())) {
                out.add(new Drift(f.getKey(), Drift.Cause.FILE_MODIFIED, now, Drift.Kind.CORRECTIVE,
                        "file " + f.getKey() + " has sha256 " + Sha256.shortForm(now) + ", applied was "
                                + Sha256.shortForm(f.getValue())));
            }
        }
        if (desired != null) {
            intentional(applied, desired, out);
        }
        return out;
    }

    private static void intentional(Inventory applied, DesiredState desired, List<Drift> out) {
        for (DesiredRuntime d : desired.runtimes()) {
            DesiredRuntime was = applied.runtimes().get(d.name());
            if (was == null) {
                out.add(new Drift(d.name(), Drift.Cause.PENDING, d.scriptSha256(), Drift.Kind.INTENTIONAL,
                        "Git declares runtime " + d.name() + ", not applied"));
            } else if (!was.equals(d) || !Objects.equals(filesOf(applied, was), filesOf(desired, d))) {
                out.add(new Drift(d.name(), Drift.Cause.PENDING, d.scriptSha256(), Drift.Kind.INTENTIONAL,
                        "Git changes runtime " + d.name() + ", not applied"));
            }
        }
        for (String name : applied.runtimes().keySet()) {
            if (desired.runtime(name).isEmpty()) {
                out.add(new Drift(name, Drift.Cause.PENDING, "", Drift.Kind.INTENTIONAL,
                        "Git no longer declares runtime " + name));
            }
        }
    }

    private static List<String> filesOf(Inventory inv, DesiredRuntime d) {
        return d.spec().files().stream().map(f -> f + "=" + inv.files().get(f)).toList();
    }

    private static List<String> filesOf(DesiredState s, DesiredRuntime d) {
        return d.spec().files().stream().map(f -> f + "=" + s.files().get(f)).toList();
    }
}
