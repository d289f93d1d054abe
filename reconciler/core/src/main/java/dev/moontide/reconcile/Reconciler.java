package dev.moontide.reconcile;

import dev.moontide.apply.Applier;
import dev.moontide.apply.ApplyResult;
import dev.moontide.apply.HealthCheck;
import dev.moontide.apply.Inventory;
import dev.moontide.apply.KernelMapping;
import dev.moontide.apply.RuntimeResult;
import dev.moontide.apply.ScriptRoot;
import dev.moontide.apply.StateStore;
import dev.moontide.drift.Alert;
import dev.moontide.drift.AlertBook;
import dev.moontide.drift.AlertSink;
import dev.moontide.drift.Drift;
import dev.moontide.drift.DriftDetector;
import dev.moontide.drift.WebhookAlertSink;
import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.KernelException;
import dev.moontide.manifest.DriftPolicy;
import dev.moontide.manifest.ManifestException;
import dev.moontide.manifest.ManifestLoader;
import dev.moontide.manifest.ManifestSet;
import dev.moontide.manifest.Preflight;
import dev.moontide.plan.Action;
import dev.moontide.plan.ActualRuntime;
import dev.moontide.plan.ActualState;
import dev.moontide.plan.DesiredRuntime;
import dev.moontide.plan.DesiredState;
import dev.moontide.plan.Plan;
import dev.moontide.plan.Planner;
import dev.moontide.source.GitSource;
import dev.moontide.source.Revision;
import dev.moontide.source.SignatureVerifier;
import dev.moontide.source.SourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One reconcile cycle, as steps that each stop the cycle on failure:
 * fetch → load and validate → observe → plan → apply (checking health) → detect drift → record.
 *
 * <p>A fetch failure, an invalid revision or a failed apply keeps the last good revision
 * applied and says why in the {@link Status}. A revision whose apply failed is not applied again
 * until a new commit arrives or a sync is forced; meanwhile, and whenever the revision is the
 * one already applied, only drift is handled: alerted, and healed for runtimes whose
 * {@code driftPolicy} is {@code heal}. A dry run plans and writes nothing anywhere (its Git
 * fetch goes to a temporary folder, removed after).
 */
public final class Reconciler {

    private static final int HISTORY = 50;
    private static final int CANCELLED_REPLANS = 3;
    static final String NARROW_DRIFT = "driver %s tells only which scripts run: drift is detected by a runtime's"
            + " presence and, for script content, by the files on disk; a runtime's sha256, context, spawn, limits"
            + " and failures are not visible through it";
    /** How often the remote is asked for a newer commit while health checks wait. */
    private static final long REMOTE_ASK_NANOS = 2_000_000_000L;

    private final ReconcileSettings settings;
    private final KernelDriver driver;
    private final Preflight preflight;
    private final HealthCheck health;
    private final List<AlertSink> sinks;
    private final Clock clock;
    private final StateStore store;
    private final ScriptRoot scriptRoot;
    private final AtomicBoolean newRevision = new AtomicBoolean();
    private volatile AlertBook alerts;
    /** The webhooks of the last valid revision's Config. */
    private List<AlertSink> webhooks = List.of();
    private List<dev.moontide.manifest.ConfigSpec.Webhook> webhookConfig = List.of();

    public Reconciler(ReconcileSettings settings, KernelDriver driver, Preflight preflight, HealthCheck health,
            List<AlertSink> sinks, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.preflight = Objects.requireNonNull(preflight, "preflight");
        this.health = Objects.requireNonNull(health, "health");
        this.sinks = new CopyOnWriteArrayList<>(sinks);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = new StateStore(settings.stateDir());
        this.scriptRoot = new ScriptRoot(settings.scriptRoot());
    }

    public StateStore store() {
        return store;
    }

    /** Tells a cycle waiting on health checks that a new revision arrived (a webhook): it stops waiting. */
    public void signalNewRevision() {
        newRevision.set(true);
    }

    /** The status the last recorded cycle ended in. */
    public Status status() throws IOException {
        return store.read("status.json", Status.class).orElse(Status.NEVER);
    }

    /** The revisions applied or attempted, newest first. */
    public List<HistoryEntry> history() throws IOException {
        return store.read("history.json", HistoryEntry[].class).map(Arrays::asList).orElse(List.of());
    }

    /** The drift alerts active now (as the last cycle left them; does not wait for a running cycle). */
    public List<Alert> activeAlerts() throws IOException {
        AlertBook b = alerts;
        return b != null ? b.active() : store.read("alerts.json", Alert[].class).map(Arrays::asList).orElse(List.of());
    }

    /**
     * Runs one cycle: plans only if {@code dryRun}; {@code force} re-applies a revision that failed.
     * When a new revision cuts an apply's health checks short, plans afresh at once from the new
     * revision (a few times at most, so a remote that moves on every look cannot hold the cycle).
     */
    public synchronized CycleReport cycle(boolean dryRun, boolean force) throws IOException {
        CycleReport r = cycleOnce(dryRun, force);
        for (int again = 0; again < CANCELLED_REPLANS && r.applied() != null && r.applied().cancelled(); again++) {
            r = cycleOnce(dryRun, false);
        }
        return r;
    }

    private CycleReport cycleOnce(boolean dryRun, boolean force) throws IOException {
        newRevision.set(false);
        Inventory inventory = store.inventory();
        Status previous = status();

        // fetch
        Path tmpCache = dryRun ? Files.createTempDirectory("moontide-dry-run-") : null;
        try {
            GitSource source = new GitSource(settings.repo(), settings.ref(), dryRun ? tmpCache : settings.gitCache());
            Revision revision;
            try {
                revision = source.fetch();
            } catch (SourceException e) {
                Optional<Revision> good = dryRun ? Optional.empty() : source.lastGood();
                Condition c = new Condition(e.retryable() ? Condition.RECONCILING : Condition.STALLED, e.reason(),
                        e.getMessage() + good.map(g -> "; keeping " + g.display()).orElse(""));
                return driftOnly(dryRun, good.orElse(null), inventory, c, previous);
            }

            // load and validate
            ManifestSet set;
            try {
                set = new ManifestLoader(preflight).load(revision.tree(), settings.manifests());
            } catch (ManifestException e) {
                Condition c = new Condition(Condition.STALLED, "ManifestInvalid", revision.display() + ": "
                        + e.errors().size() + " error(s); first: " + e.errors().get(0));
                if (!dryRun) {
                    history(revision, "Invalid", c.message());
                }
                CycleReport r = driftOnly(dryRun, source.lastGood().orElse(null), inventory, c, previous);
                return new CycleReport(dryRun, revision, null, null, r.drift(), e.errors(), r.status());
            }
            if (set.configSpec().signature().require()) {
                Optional<SourceException> unsigned = verify(source, revision, set);
                if (unsigned.isPresent()) {
                    // Fail closed: the revision is not applied; the last good one stays.
                    Condition c = new Condition(Condition.STALLED, unsigned.get().reason(), revision.display() + ": "
                            + unsigned.get().getMessage());
                    if (!dryRun) {
                        history(revision, "Invalid", c.message());
                    }
                    CycleReport r = driftOnly(dryRun, source.lastGood().orElse(null), inventory, c, previous);
                    return new CycleReport(dryRun, revision, null, null, r.drift(), List.of(), r.status());
                }
            }
            DesiredState desired = DesiredState.of(set);
            Optional<String> unsupported = driverCannotRun(desired);
            if (unsupported.isPresent()) {
                Condition c = new Condition(Condition.STALLED, "DriverUnsupported", revision.display() + ": "
                        + unsupported.get());
                if (!dryRun) {
                    history(revision, "Invalid", c.message());
                }
                CycleReport r = driftOnly(dryRun, source.lastGood().orElse(null), inventory, c, previous);
                return new CycleReport(dryRun, revision, null, null, r.drift(), List.of(), r.status());
            }
            if (!dryRun && !set.configSpec().alerts().webhooks().equals(webhookConfig)) {
                webhookConfig = set.configSpec().alerts().webhooks();
                webhooks = webhookConfig.stream()
                        .<AlertSink>map(h -> new WebhookAlertSink(h, System::getenv, 1000)).toList();
            }

            // observe and plan
            ActualState actual = observe(inventory, desired);
            Plan plan = Planner.plan(desired, actual);
            boolean settled = revision.commit().equals(inventory.revision())
                    || (revision.commit().equals(previous.lastFailedRevision()) && !force);
            if (settled && !force && !kernelReset(inventory, actual)) {
                plan = healOnly(plan, desired);
            }
            plan = withDriverNote(plan);
            if (dryRun) {
                List<Drift> drift = DriftDetector.detect(inventory, desired, actual);
                Status s = new Status(new Condition(plan.isEmpty() ? Condition.READY : Condition.RECONCILING,
                        plan.isEmpty() ? "InSync" : "ChangesPlanned", plan.actions().size() + " action(s) planned"),
                        revision.commit(), inventory.revision(), null, runtimeStatuses(desired, actual, null, drift), clock.instant());
                return new CycleReport(true, revision, plan, null, drift, List.of(), s);
            }

            // apply
            ApplyResult result = null;
            if (!plan.isEmpty()) {
                NewRevisionWatch watch = new NewRevisionWatch(newRevision, revision.commit(), source::remoteCommit,
                        System::nanoTime, REMOTE_ASK_NANOS);
                result = new Applier(driver, scriptRoot, store, health).apply(plan, desired, revision.tree(),
                        revision.commit(), watch);
                inventory = result.inventory();
            } else if (!settled) {
                inventory = new Applier(driver, scriptRoot, store, health).apply(plan, desired, revision.tree(),
                        revision.commit(), newRevision::get).inventory();
            }

            // drift after the apply, alerts, status
            ActualState after = observe(inventory, desired);
            List<Drift> drift = DriftDetector.detect(inventory, desired, after);
            alert(drift);
            boolean ok = result == null || result.ok();
            String failed = ok ? (settled ? previous.lastFailedRevision() : null)
                    : result.cancelled() ? previous.lastFailedRevision() : revision.commit();
            if (ok && revision.commit().equals(inventory.revision())) {
                source.markGood(revision);
                failed = null;
            }
            Condition c = condition(result, failed, revision, drift);
            Status s = new Status(c, revision.commit(), inventory.revision(), failed,
                    runtimeStatuses(desired, after, result, drift), clock.instant());
            store.write("status.json", s);
            if (result != null) {
                history(revision, ok ? "Applied" : result.cancelled() ? "Cancelled" : "Failed", summary(result));
            }
            return new CycleReport(false, revision, plan, result, drift, List.of(), s);
        } finally {
            if (tmpCache != null) {
                deleteTree(tmpCache);
            }
        }
    }

    /**
     * Without a new revision to apply: observe, heal what the policy says, alert on the rest.
     * With {@code good} (the last good checkout) the desired state is read from it, without Git.
     */
    private CycleReport driftOnly(boolean dryRun, Revision good, Inventory inventory, Condition c, Status previous)
            throws IOException {
        DesiredState desired = null;
        Plan plan = null;
        ApplyResult result = null;
        if (good != null) {
            try {
                desired = DesiredState.of(new ManifestLoader(Preflight.none()).load(good.tree(), settings.manifests()));
            } catch (ManifestException e) {
                desired = null; // the last good revision was valid when applied; ignore if the loader changed
            }
        }
        ActualState actual = observe(inventory, desired);
        if (desired != null && !dryRun) {
            plan = Planner.plan(desired, actual);
            if (!kernelReset(inventory, actual)) {
                plan = healOnly(plan, desired);
            }
            plan = withDriverNote(plan);
            if (!plan.isEmpty()) {
                result = new Applier(driver, scriptRoot, store, health).apply(plan, desired, good.tree(),
                        good.commit(), newRevision::get);
                inventory = result.inventory();
                actual = observe(inventory, desired);
            }
        }
        List<Drift> drift = DriftDetector.detect(inventory, null, actual);
        Status s = new Status(c, previous.lastAttemptedRevision(), inventory.revision(), previous.lastFailedRevision(),
                runtimeStatuses(desired, actual, result, drift), clock.instant());
        if (!dryRun) {
            alert(drift);
            store.write("status.json", s);
        }
        return new CycleReport(dryRun, null, plan, result, drift, List.of(), s);
    }

    /**
     * What the driver cannot carry out in {@code desired}, or empty. A driver that keys runtimes by
     * script (Lunatik) runs a script once: two runtimes of one script could never both run.
     */
    private Optional<String> driverCannotRun(DesiredState desired) {
        if (driver.reportsDetails()) {
            return Optional.empty();
        }
        Map<String, String> byScript = new TreeMap<>();
        for (DesiredRuntime d : desired.runtimes()) {
            String other = byScript.putIfAbsent(d.spec().script(), d.name());
            if (other != null) {
                return Optional.of("runtimes " + other + " and " + d.name() + " both run " + d.spec().script()
                        + ", and through " + driver.describe() + " a script runs once");
            }
        }
        return Optional.empty();
    }

    /** Why {@code revision} does not meet the Config's signature policy, or empty if it does. */
    private Optional<SourceException> verify(GitSource source, Revision revision, ManifestSet set) {
        if (settings.keyring() == null) {
            return Optional.of(new SourceException.Terminal("SignatureUnverified", "the Config requires signed commits"
                    + " (spec.signature.require) and no trusted keyring is configured", null));
        }
        try {
            source.verify(revision, SignatureVerifier.fromKeyring(settings.keyring()),
                    set.configSpec().signature().trustedKeys());
            return Optional.empty();
        } catch (SourceException e) {
            return Optional.of(e);
        } catch (IOException e) {
            return Optional.of(new SourceException.Transient("KeyringUnreadable", e.getMessage(), e));
        }
    }

    /**
     * Whether the kernel lost every runtime that was applied: a reboot or a module reload, not
     * drift. The last good revision is then applied whole, whatever the drift policies say.
     */
    static boolean kernelReset(Inventory inventory, ActualState actual) {
        return !inventory.runtimes().isEmpty()
                && inventory.runtimes().keySet().stream().noneMatch(n -> actual.runtime(n).isPresent());
    }

    /** The plan with what a presence-only driver cannot see, said in a note. */
    private Plan withDriverNote(Plan plan) {
        return driver.reportsDetails() ? plan : plan.withNote(NARROW_DRIFT.formatted(driver.describe()));
    }

    /** Keeps the actions that heal runtimes whose policy is heal, and prunes; drops the rest. */
    static Plan healOnly(Plan plan, DesiredState desired) {
        return plan.filter(a -> {
            if (a instanceof Action.Start s) {
                return s.runtime().spec().driftPolicy() == DriftPolicy.HEAL;
            }
            if (a instanceof Action.Restart r) {
                return r.runtime().spec().driftPolicy() == DriftPolicy.HEAL;
            }
            if (a instanceof Action.InstallFile i) {
                return desired.runtimes().stream().filter(d -> d.spec().script().equals(i.path())
                        || d.spec().files().contains(i.path()))
                        .allMatch(d -> d.spec().driftPolicy() == DriftPolicy.HEAL);
            }
            return true;
        });
    }

    /** The kernel's runtimes and the sha256 on disk of every file applied or desired. */
    public ActualState observe(Inventory inventory, DesiredState desired) throws IOException {
        List<ActualRuntime> runtimes = new ArrayList<>();
        try {
            boolean details = driver.reportsDetails();
            if (!details) {
                Map<String, String> names = new TreeMap<>();
                inventory.runtimes().values().forEach(d -> names.put(d.spec().script(), d.name()));
                if (desired != null) {
                    desired.runtimes().forEach(d -> names.put(d.spec().script(), d.name()));
                }
                driver.expectNames(names);
            }
            driver.list().forEach(i -> runtimes.add(KernelMapping.actual(i, details)));
        } catch (KernelException e) {
            throw new IOException("cannot list the kernel's runtimes: " + e.getMessage(), e);
        }
        Map<String, String> files = new TreeMap<>();
        List<String> paths = new ArrayList<>(inventory.files().keySet());
        if (desired != null) {
            paths.addAll(desired.files().keySet());
        }
        for (String p : paths) {
            scriptRoot.sha256(p).ifPresent(sha -> files.put(p, sha));
        }
        // a driver that reports no hashes (upstream Lunatik) leaves content drift to the files on disk
        boolean hashes = runtimes.stream().allMatch(r -> r.sha256() != null);
        return new ActualState(runtimes, files, hashes);
    }

    private void alert(List<Drift> drift) throws IOException {
        AlertBook.Update u = book().update(drift, clock.instant());
        if (!u.fired().isEmpty() || !u.resolved().isEmpty()) {
            AlertSink.send(u, sinks);
            AlertSink.send(u, webhooks);
            store.write("alerts.json", book().active());
        }
    }

    private AlertBook book() throws IOException {
        if (alerts == null) {
            alerts = new AlertBook(store.read("alerts.json", Alert[].class).map(Arrays::asList).orElse(List.of()));
        }
        return alerts;
    }

    private static Condition condition(ApplyResult result, String failed, Revision revision, List<Drift> drift) {
        if (result != null && result.cancelled()) {
            return new Condition(Condition.RECONCILING, "Cancelled", "a new revision arrived during health checks");
        }
        if (result != null && !result.ok()) {
            return new Condition(Condition.STALLED, "ApplyFailed", revision.display() + ": " + summary(result));
        }
        if (failed != null) {
            return new Condition(Condition.STALLED, "ApplyFailed", "revision " + failed.substring(0, 12)
                    + " failed before and is not retried until a new commit or a forced sync");
        }
        long corrective = drift.stream().filter(d -> d.kind() == Drift.Kind.CORRECTIVE).count();
        if (corrective > 0) {
            return new Condition(Condition.READY, "DriftDetected", "applied " + revision.display() + "; "
                    + corrective + " drift(s) not healed (driftPolicy alert)");
        }
        return new Condition(Condition.READY, "ReconciliationSucceeded", "applied " + revision.display());
    }

    private static String summary(ApplyResult r) {
        List<String> parts = new ArrayList<>();
        for (RuntimeResult rr : r.runtimes()) {
            if (!rr.ok()) {
                parts.add(rr.name() + " " + rr.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + rr.message());
            }
        }
        parts.addAll(r.errors());
        long applied = r.runtimes().stream().filter(RuntimeResult::ok).count();
        return parts.isEmpty() ? applied + " runtime(s) applied" : String.join("; ", parts);
    }

    private static List<RuntimeStatus> runtimeStatuses(DesiredState desired, ActualState actual, ApplyResult result,
            List<Drift> drift) {
        Map<String, RuntimeStatus> out = new TreeMap<>();
        if (desired != null) {
            for (DesiredRuntime d : desired.runtimes()) {
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
                out.put(d.name(), new RuntimeStatus(d.name(), sync, state, sha, message));
            }
        }
        for (ActualRuntime a : actual.runtimes()) {
            out.putIfAbsent(a.name(), new RuntimeStatus(a.name(), "Unmanaged", a.state(), a.sha256(),
                    "not declared in Git"));
        }
        return new ArrayList<>(out.values());
    }

    private static Map<String, String> filesOf(DesiredState s, DesiredRuntime d) {
        Map<String, String> m = new TreeMap<>();
        m.put(d.spec().script(), s.files().get(d.spec().script()));
        d.spec().files().forEach(f -> m.put(f, s.files().get(f)));
        return m;
    }

    private void history(Revision revision, String result, String message) throws IOException {
        List<HistoryEntry> h = new ArrayList<>(history());
        h.add(0, new HistoryEntry(revision.commit(), revision.subject(), result, message, clock.instant()));
        store.write("history.json", h.subList(0, Math.min(HISTORY, h.size())));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
