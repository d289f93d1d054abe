package dev.moontide.apply;

import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.KernelException;
import dev.moontide.plan.Action;
import dev.moontide.plan.DesiredRuntime;
import dev.moontide.plan.DesiredState;
import dev.moontide.plan.Plan;
import dev.moontide.plan.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Carries out a {@link Plan}: installs files under the script root, starts, restarts and prunes
 * runtimes through the kernel driver in plan order, checks each started runtime's health, and
 * rolls a runtime back to its last good declaration and files (kept in the {@link StateStore},
 * so no Git or network is needed) when the new one fails to load or turns unhealthy.
 *
 * <p>A runtime whose dependency failed is skipped; the others go on. Applying an empty plan
 * changes nothing, so a second apply of the same revision is a no-op.
 */
public final class Applier {

    private final KernelDriver driver;
    private final ScriptRoot scriptRoot;
    private final StateStore store;
    private final HealthCheck health;

    public Applier(KernelDriver driver, ScriptRoot scriptRoot, StateStore store, HealthCheck health) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.scriptRoot = Objects.requireNonNull(scriptRoot, "scriptRoot");
        this.store = Objects.requireNonNull(store, "store");
        this.health = Objects.requireNonNull(health, "health");
    }

    /**
     * Applies {@code plan}, made for {@code desired} (revision {@code revision}, its files in
     * {@code tree}), and records the new inventory.
     *
     * @param cancelled polled while health checks wait: true when a new revision has arrived
     */
    public ApplyResult apply(Plan plan, DesiredState desired, Path tree, String revision, BooleanSupplier cancelled)
            throws IOException {
        Inventory before = store.inventory();
        Run run = new Run(before, desired, tree, cancelled);
        for (Action action : plan.actions()) {
            if (run.cancelled) {
                if (action instanceof Action.Start || action instanceof Action.Restart) {
                    run.result(action.target(), RuntimeResult.Outcome.SKIPPED, "cancelled: a new revision arrived");
                }
                continue;
            }
            run.step(action);
        }
        Inventory after = run.inventory(revision);
        store.saveInventory(after);
        return new ApplyResult(new ArrayList<>(run.results.values()), run.errors, run.cancelled, after);
    }

    /** The state of one apply. */
    private final class Run {
        final Inventory before;
        final DesiredState desired;
        final Path tree;
        final BooleanSupplier cancelledBy;
        final Map<String, String> files;
        final Map<String, DesiredRuntime> runtimes;
        final Map<String, RuntimeResult> results = new LinkedHashMap<>();
        final List<String> errors = new ArrayList<>();
        final Set<String> brokenFiles = new HashSet<>();
        /** sha256 of files that were on disk before we first overwrote them (bytes kept as blobs). */
        final Map<String, String> overwritten = new HashMap<>();
        boolean cancelled;

        Run(Inventory before, DesiredState desired, Path tree, BooleanSupplier cancelledBy) {
            this.before = before;
            this.desired = desired;
            this.tree = tree;
            this.cancelledBy = cancelledBy;
            this.files = new HashMap<>(before.files());
            this.runtimes = new HashMap<>(before.runtimes());
        }

        void result(String name, RuntimeResult.Outcome outcome, String message) {
            results.put(name, new RuntimeResult(name, outcome, message));
        }

        void step(Action action) throws IOException {
            if (action instanceof Action.InstallFile i) {
                install(i);
            } else if (action instanceof Action.RemoveFile r) {
                try {
                    scriptRoot.remove(r.path());
                    files.remove(r.path());
                } catch (IOException e) {
                    errors.add("remove " + r.path() + ": " + e.getMessage());
                }
            } else if (action instanceof Action.Prune p) {
                try {
                    stopIfThere(p.name());
                    runtimes.remove(p.name());
                    result(p.name(), RuntimeResult.Outcome.PRUNED, p.reason());
                } catch (KernelException e) {
                    result(p.name(), RuntimeResult.Outcome.FAILED, "prune failed: " + e.getMessage());
                }
            } else if (action instanceof Action.Start s) {
                start(s.runtime(), false);
            } else if (action instanceof Action.Restart r) {
                start(r.runtime(), true);
            }
        }

        private void install(Action.InstallFile i) throws IOException {
            try {
                byte[] bytes = Files.readAllBytes(tree.resolve(i.path()));
                if (!Sha256.of(bytes).equals(i.sha256())) {
                    throw new IOException("the revision's file changed since it was planned");
                }
                Optional<byte[]> old = scriptRoot.read(i.path());
                if (old.isPresent() && !files.containsKey(i.path())) {
                    overwritten.put(i.path(), store.putBlob(old.get()));
                }
                store.putBlob(bytes);
                scriptRoot.install(i.path(), bytes);
                files.put(i.path(), i.sha256());
            } catch (IOException e) {
                brokenFiles.add(i.path());
                errors.add("install " + i.path() + ": " + e.getMessage());
            }
        }

        private void start(DesiredRuntime d, boolean restart) throws IOException {
            String name = d.name();
            for (String dep : d.spec().dependsOn()) {
                RuntimeResult r = results.get(dep);
                if (r != null && !r.ok()) {
                    result(name, RuntimeResult.Outcome.SKIPPED, "dependency " + dep + " is not applied");
                    return;
                }
            }
            for (String f : files(d)) {
                if (brokenFiles.contains(f)) {
                    result(name, RuntimeResult.Outcome.SKIPPED, "file " + f + " could not be installed");
                    return;
                }
            }
            String failure;
            try {
                if (restart) {
                    stopIfThere(name);
                }
                driver.run(KernelMapping.runSpec(d));
                HealthCheck.Outcome outcome = health.await(driver, d, cancelledBy);
                if (outcome instanceof HealthCheck.Healthy) {
                    runtimes.put(name, d);
                    result(name, RuntimeResult.Outcome.APPLIED, (restart ? "restarted" : "started") + ", healthy");
                    return;
                }
                if (outcome instanceof HealthCheck.Cancelled) {
                    cancelled = true;
                    runtimes.put(name, d);
                    result(name, RuntimeResult.Outcome.SKIPPED, "started; health check cancelled: a new revision arrived");
                    return;
                }
                failure = "unhealthy: " + ((HealthCheck.Unhealthy) outcome).why();
            } catch (KernelException e) {
                failure = e.getMessage();
            }
            rollback(d, failure);
        }

        /** Puts back the last good declaration of {@code d}'s runtime, with its files, if there is one. */
        private void rollback(DesiredRuntime d, String failure) throws IOException {
            String name = d.name();
            try {
                stopIfThere(name);
            } catch (KernelException e) {
                failure += "; stopping it failed too: " + e.getMessage();
            }
            DesiredRuntime good = before.runtimes().get(name);
            if (good == null) {
                runtimes.remove(name);
                result(name, RuntimeResult.Outcome.FAILED, failure + "; no earlier version to roll back to");
                return;
            }
            try {
                for (String f : files(good)) {
                    String sha = before.files().getOrDefault(f, overwritten.get(f));
                    Optional<byte[]> bytes = sha == null ? Optional.empty() : store.blob(sha);
                    if (bytes.isEmpty()) {
                        throw new IOException("no copy of " + f + " to roll back to");
                    }
                    if (!sha.equals(scriptRoot.sha256(f).orElse(null))) {
                        scriptRoot.install(f, bytes.get());
                    }
                    files.put(f, sha);
                }
                driver.run(KernelMapping.runSpec(good));
                HealthCheck.Outcome outcome = health.await(driver, good, () -> false);
                if (!(outcome instanceof HealthCheck.Healthy)) {
                    throw new IOException("the previous version is unhealthy too: " + ((HealthCheck.Unhealthy) outcome).why());
                }
                runtimes.put(name, good);
                result(name, RuntimeResult.Outcome.ROLLED_BACK, failure + "; rolled back to sha256 "
                        + Sha256.shortForm(good.scriptSha256()));
            } catch (IOException | KernelException e) {
                runtimes.remove(name);
                result(name, RuntimeResult.Outcome.FAILED, failure + "; rollback failed: " + e.getMessage());
            }
        }

        private void stopIfThere(String name) throws KernelException {
            try {
                driver.stop(name);
            } catch (KernelException e) {
                if (e.errno() != KernelException.ENOENT) {
                    throw e;
                }
            }
        }

        /** The inventory after the apply: the revision only if everything succeeded. */
        Inventory inventory(String revision) throws IOException {
            boolean ok = errors.isEmpty() && !cancelled && results.values().stream().allMatch(RuntimeResult::ok);
            if (ok) {
                // adopt what already matched: desired files on disk as declared, runtimes not touched
                for (Map.Entry<String, String> f : desired.files().entrySet()) {
                    if (!files.containsKey(f.getKey()) && f.getValue().equals(scriptRoot.sha256(f.getKey()).orElse(null))) {
                        store.putBlob(Files.readAllBytes(tree.resolve(f.getKey())));
                        files.put(f.getKey(), f.getValue());
                    }
                }
                desired.runtimes().forEach(d -> runtimes.put(d.name(), d));
                // what Git no longer declares is not ours any more: drift reports it as unexpected
                runtimes.keySet().removeIf(n -> desired.runtime(n).isEmpty());
            }
            return new Inventory(ok ? revision : before.revision(), files, runtimes);
        }
    }

    static List<String> files(DesiredRuntime d) {
        List<String> all = new ArrayList<>();
        all.add(d.spec().script());
        all.addAll(d.spec().files());
        return all;
    }
}
