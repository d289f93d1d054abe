package dev.moontide.reconcile;

import dev.moontide.apply.Applier;
import dev.moontide.apply.ApplyResult;
import dev.moontide.apply.HealthCheck;
import dev.moontide.apply.Inventory;
import dev.moontide.apply.Observer;
import dev.moontide.apply.ScriptRoot;
import dev.moontide.apply.StateStore;
import dev.moontide.drift.Alert;
import dev.moontide.drift.AlertSink;
import dev.moontide.drift.Drift;
import dev.moontide.drift.DriftDetector;
import dev.moontide.kernel.KernelDriver;
import dev.moontide.manifest.ManifestException;
import dev.moontide.manifest.ManifestLoader;
import dev.moontide.manifest.Preflight;
import dev.moontide.plan.ActualState;
import dev.moontide.plan.DesiredState;
import dev.moontide.plan.Plan;
import dev.moontide.source.Revision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One reconcile cycle, as steps run in order, each with one job, the first that stops ending
 * the cycle: fetch → verify → checkout → load → support → observe → plan → apply (checking health)
 * → drift → record. A dry run stops after plan. The signature is verified before any file of the
 * revision is written or read, against the operator's policy ({@link ReconcileSettings#trust()}).
 *
 * <p>A fetch failure, an invalid revision or a failed apply keeps the last good revision
 * applied and says why in the {@link Status}; before that revision is healed or re-applied from
 * disk it is judged again ({@link LastGoodCheck}: the operator's policy now, a confined checkout). A revision whose apply failed is not applied again
 * until a new commit arrives or a sync is forced; meanwhile, and whenever the revision is the
 * one already applied, only drift is handled: alerted, and healed for runtimes whose
 * {@code driftPolicy} is {@code heal}. A dry run plans and writes nothing anywhere (its Git
 * fetch goes to a temporary folder, removed after).
 */
public final class Reconciler {

    private static final int CANCELLED_REPLANS = 3;

    private final ReconcileSettings settings;
    private final Clock clock;
    private final StateStore store;
    private final Applier applier;
    private final Observer observer;
    private final Alerts alerts;
    private final HistoryLog history;
    private final PlanStep planStep;
    private final LastGoodCheck lastGoodCheck;
    private final AtomicBoolean newRevision = new AtomicBoolean();
    /** {@code spec.interval} of the last revision whose manifests loaded; null before one did. */
    private volatile Duration declaredInterval;
    /** fetch → verify → checkout → load → support → observe → plan: what a dry run does. */
    private final List<Step> preview;
    /** The whole cycle: the preview, then apply → drift → record. */
    private final List<Step> steps;

    public Reconciler(ReconcileSettings settings, KernelDriver driver, Preflight preflight, HealthCheck health,
            List<AlertSink> sinks, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(preflight, "preflight");
        Objects.requireNonNull(health, "health");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = new StateStore(settings.stateDir());
        ScriptRoot scriptRoot = new ScriptRoot(settings.scriptRoot());
        this.applier = new Applier(driver, scriptRoot, store, health);
        this.observer = new Observer(driver, scriptRoot);
        this.alerts = new Alerts(store, clock, sinks, settings.alertDestinations());
        this.history = new HistoryLog(store, clock);
        this.planStep = new PlanStep(driver);
        this.lastGoodCheck = new LastGoodCheck(settings.signature());
        this.preview = List.of(new FetchStep(settings), new VerifyStep(settings.signature()), new CheckoutStep(),
                new LoadStep(new ManifestLoader(preflight), settings.manifests(), settings.alertDestinations()),
                new SupportStep(driver), new ObserveStep(observer), planStep);
        this.steps = Stream.concat(preview.stream(), Stream.of(new ApplyStep(applier, newRevision),
                new DriftStep(observer, alerts), new RecordStep(store, history, clock))).toList();
    }

    public StateStore store() {
        return store;
    }

    /** Tells a cycle waiting on health checks that a new revision arrived (a webhook): it stops waiting. */
    public void signalNewRevision() {
        newRevision.set(true);
    }

    /** The status the last recorded cycle ended in. */
    /**
     * How often the repository asks to be reconciled: its Config's {@code spec.interval} as of
     * the last revision whose manifests loaded (an invalid revision does not change it), or empty
     * before any did.
     */
    public Optional<Duration> declaredInterval() {
        return Optional.ofNullable(declaredInterval);
    }

    public Status status() throws IOException {
        return store.read("status.json", Status.class).orElse(Status.NEVER);
    }

    /** The revisions applied or attempted, newest first. */
    public List<HistoryEntry> history() throws IOException {
        return history.entries();
    }

    /** The drift alerts active now (as the last cycle left them; does not wait for a running cycle). */
    public List<Alert> activeAlerts() throws IOException {
        return alerts.active();
    }

    /**
     * Runs one cycle: plans only if {@code dryRun}; {@code force} re-applies a revision that failed.
     * When a new revision cuts an apply's health checks short, plans afresh at once from the new
     * revision (a few times at most, so a remote that moves on every look cannot hold the cycle).
     * A dry run takes no lock: it writes nothing but its own temporary clone, so it neither waits
     * for an apply nor holds one up (the daemon's {@code GET /api/plan} must not stall a sync).
     */
    public CycleReport cycle(boolean dryRun, boolean force) throws IOException {
        return dryRun ? cycleOnce(true, force) : apply(force);
    }

    private synchronized CycleReport apply(boolean force) throws IOException {
        CycleReport r = cycleOnce(false, force);
        for (int again = 0; again < CANCELLED_REPLANS && r.applied() != null && r.applied().cancelled(); again++) {
            r = cycleOnce(false, false);
        }
        return r;
    }

    private CycleReport cycleOnce(boolean dryRun, boolean force) throws IOException {
        if (!dryRun) {
            newRevision.set(false); // a dry run must not swallow a webhook's signal to an apply
        }
        Inventory inventory = store.inventory();
        Status previous = status();
        Cycle c = new Cycle(dryRun, force, inventory, previous,
                dryRun ? Files.createTempDirectory("moontide-dry-run-") : null);
        try {
            for (Step step : dryRun ? preview : steps) {
                StepResult r = step.run(c);
                if (r instanceof StepResult.Stalled s) {
                    return stopped(c, new Condition(Condition.STALLED, s.reason(), s.message()));
                }
                if (r instanceof StepResult.Waiting w) {
                    return stopped(c, new Condition(Condition.RECONCILING, w.reason(), w.message()));
                }
            }
            if (c.set != null && !dryRun) {
                declaredInterval = c.set.configSpec().intervalDuration();
            }
            return dryRun ? previewed(c)
                    : new CycleReport(false, c.revision, c.plan, c.result, c.drift, List.of(), c.status);
        } finally {
            if (c.tmpCache != null) {
                deleteTree(c.tmpCache);
            }
        }
    }

    /** A dry run's report: the plan, the drift before it, and the status an apply would start from. */
    private CycleReport previewed(Cycle c) {
        List<Drift> drift = DriftDetector.detect(c.inventory, c.desired, c.actual);
        boolean empty = c.plan.isEmpty();
        Status s = new Status(new Condition(empty ? Condition.READY : Condition.RECONCILING,
                empty ? Reason.IN_SYNC : Reason.CHANGES_PLANNED, c.plan.actions().size() + " action(s) planned"),
                c.revision.commit(), c.inventory.revision(), null, RuntimeStatuses.of(c.desired, c.actual, null, drift),
                clock.instant());
        return new CycleReport(true, c.revision, c.plan, null, drift, List.of(), s);
    }

    /**
     * A step stopped the cycle: a fetched revision that cannot be applied goes in the history as
     * invalid; either way the last good revision is kept (drift only).
     */
    private CycleReport stopped(Cycle c, Condition condition) throws IOException {
        Revision good = c.lastGood().orElse(null);
        if (good != null) {
            // judged again: the policy may be stricter now than when it was applied, and its
            // checkout may be an older moontide's
            LastGoodCheck.Verdict v = lastGoodCheck.check(c.source, good);
            if (v instanceof LastGoodCheck.Verdict.Unfit u) {
                condition = new Condition(condition.type(), condition.reason(), condition.message()
                        + "; the last good revision " + good.display() + " is not applied again: " + u.why());
                good = null;
            } else {
                good = ((LastGoodCheck.Verdict.Fit) v).revision();
            }
        }
        if (c.revision == null) {
            return driftOnly(c.dryRun, good, c.inventory, condition, c.previous);
        }
        if (!c.dryRun) {
            history.add(c.revision, "Invalid", condition.message());
        }
        CycleReport r = driftOnly(c.dryRun, good, c.inventory, condition, c.previous);
        return new CycleReport(c.dryRun, c.revision, null, null, r.drift(), c.errors, r.status());
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
                desired = DesiredStateLoader.load(new ManifestLoader(Preflight.none()).load(good.tree(),
                        settings.manifests()));
            } catch (ManifestException e) {
                desired = null; // the last good revision was valid when applied; ignore if the loader changed
            }
        }
        ActualState actual = observer.observe(inventory, desired);
        if (desired != null && !dryRun) {
            plan = planStep.plan(desired, actual, inventory, true);
            if (!plan.isEmpty()) {
                result = applier.apply(plan, desired, good.tree(), good.commit(), newRevision::get);
                inventory = result.inventory();
                actual = observer.observe(inventory, desired);
            }
        }
        List<Drift> drift = DriftDetector.detect(inventory, null, actual);
        Status s = new Status(c, previous.lastAttemptedRevision(), inventory.revision(), previous.lastFailedRevision(),
                RuntimeStatuses.of(desired, actual, result, drift), clock.instant());
        if (!dryRun) {
            alerts.alert(drift);
            store.write("status.json", s);
        }
        return new CycleReport(dryRun, null, plan, result, drift, List.of(), s);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
