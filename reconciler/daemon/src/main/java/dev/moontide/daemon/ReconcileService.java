package dev.moontide.daemon;

import dev.moontide.drift.Alert;
import dev.moontide.reconcile.CycleReport;
import dev.moontide.reconcile.HistoryEntry;
import dev.moontide.reconcile.Reconciler;
import dev.moontide.reconcile.Status;
import dev.moontide.source.Redaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The reconcile loop: a cycle at start (re-applying the last good revision from disk if the
 * remote is gone), then one every interval ({@link CycleSchedule}: {@code moontide.interval} if
 * set, else the repository's {@code spec.interval}), on {@code POST /api/sync}, and at once on a
 * verified webhook, which also cuts short a cycle waiting on health checks.
 */
@ApplicationScoped
public class ReconcileService {

    private static final Logger LOG = Logger.getLogger(ReconcileService.class);
    static final java.time.Duration PREVIEW_TTL = java.time.Duration.ofSeconds(5);

    private final Reconciler reconciler;
    private final MeterRegistry registry;
    private final ExecutorService webhookCycles = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "moontide-webhook-cycle");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicInteger activeDrift = new AtomicInteger();
    private final CycleSchedule schedule;
    /** Held while a dry run is made, so that only one is. */
    private final Object previewing = new Object();
    private final AtomicReference<Preview> preview = new AtomicReference<>();
    /** The report of the last cycle that ran (an apply or a heal, not a dry run); null before one did. */
    private final AtomicReference<CycleReport> lastCycle = new AtomicReference<>();

    @Inject
    public ReconcileService(Reconciler reconciler, MeterRegistry registry, DaemonConfig config) {
        this.reconciler = reconciler;
        this.registry = registry;
        this.schedule = new CycleSchedule(config.interval());
        // held strongly: a gauge holds its value's object weakly, and a registry that outlives this
        // service (Micrometer's global composite, across a restart in the same JVM) then showed no value at all
        io.micrometer.core.instrument.Gauge.builder("moontide.drift.active", activeDrift, AtomicInteger::get)
                .strongReference(true).register(registry);
    }

    /** A cheap look every second whether the interval has passed; the interval may change with each revision. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "moontide-reconcile")
    void tick() {
        if (!schedule.due(System.nanoTime())) {
            return;
        }
        try {
            cycle(false);
        } finally {
            schedule.ran(System.nanoTime(), reconciler.declaredInterval());
        }
    }

    /** Runs one cycle now (waiting for a running one to end) and returns its report. */
    public CycleReport cycle(boolean force) {
        long t0 = System.nanoTime();
        try {
            CycleReport r = reconciler.cycle(false, force);
            preview.set(null); // the kernel or the revision may have changed: plan afresh
            lastCycle.set(r);
            activeDrift.set(reconciler.activeAlerts().size());
            lastError.set(null);
            registry.counter("moontide.reconcile.cycles", "condition", r.status().condition().type(),
                    "reason", r.status().condition().reason()).increment();
            LOG.infof("cycle: %s %s: %s", r.status().condition().type(), r.status().condition().reason(),
                    Redaction.text(r.status().condition().message()));
            return r;
        } catch (IOException | RuntimeException e) {
            Throwable redacted = Redaction.scrub(e);
            lastError.set(redacted.toString());
            registry.counter("moontide.reconcile.cycles", "condition", "Error", "reason", "Exception").increment();
            LOG.errorf(redacted, "cycle failed: %s", redacted.getMessage());
            throw new IllegalStateException("reconcile cycle failed: " + redacted.getMessage(), redacted);
        } finally {
            registry.timer("moontide.reconcile.duration").record(System.nanoTime() - t0,
                    java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** A verified webhook: stop waiting on health checks, and reconcile at once in the background. */
    public void webhook() {
        reconciler.signalNewRevision();
        webhookCycles.submit(() -> {
            try {
                cycle(false);
            } catch (RuntimeException e) {
                // logged by cycle
            }
        });
    }

    /**
     * The plan a cycle would carry out now, without carrying it out: a dry run, which does not
     * wait for an apply. One at a time, and one made less than {@link #PREVIEW_TTL} ago (and
     * since the last cycle) is served again, so a stream of reads cannot make the daemon clone
     * the repository over and over.
     */
    public CycleReport plan() throws IOException {
        synchronized (previewing) {
            Preview p = preview.get();
            if (p != null && System.nanoTime() - p.nanos() < PREVIEW_TTL.toNanos()) {
                return p.report();
            }
            CycleReport r = reconciler.cycle(true, false);
            preview.set(new Preview(r, System.nanoTime()));
            return r;
        }
    }

    /**
     * What the last cycle found and did, as it ended: what {@code GET /api/plan} shows a caller
     * without the token, so that an unauthenticated read never makes the daemon fetch.
     */
    public java.util.Optional<CycleReport> lastCycle() {
        return java.util.Optional.ofNullable(lastCycle.get());
    }

    /** A dry run's report and when it was made. */
    private record Preview(CycleReport report, long nanos) {
    }

    public Status status() throws IOException {
        return reconciler.status();
    }

    public List<HistoryEntry> history() throws IOException {
        return reconciler.history();
    }

    public List<Alert> drift() throws IOException {
        return reconciler.activeAlerts();
    }

    /** The error of the last cycle that could not run at all, or null. */
    public String lastError() {
        return lastError.get();
    }
}
