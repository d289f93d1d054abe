package dev.moontide.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The pure heart of the reconciler: (desired, actual) → {@link Plan}. No I/O, no clock; the same
 * inputs give the same plan, action for action.
 *
 * <p>Order: prunes (reverse name order: what they depended on is not known any more); file
 * installs (by path); starts and restarts in {@code dependsOn} order (a runtime after everything
 * it depends on, ties by name); file removals (by path). A runtime restarts when what runs
 * differs from Git (script path or sha256, context, spawn, explicit limits), when it failed, or
 * when one of its files is being installed. A restart does not cascade to the runtimes that
 * depend on it.
 */
public final class Planner {

    private Planner() {
    }

    public static Plan plan(DesiredState desired, ActualState actual) {
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(actual, "actual");
        List<Action> actions = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        prunes(desired, actual, actions, notes);

        Set<String> changing = new HashSet<>();
        desired.files().forEach((path, sha) -> {
            String now = actual.files().get(path);
            if (!sha.equals(now)) {
                changing.add(path);
                actions.add(new Action.InstallFile(path, sha, now == null ? "not installed"
                        : "content differs: installed " + Sha256.shortForm(now) + ", Git " + Sha256.shortForm(sha)));
            }
        });

        Map<String, ActualRuntime> running = new HashMap<>();
        actual.runtimes().forEach(a -> running.put(a.name(), a));
        for (DesiredRuntime d : dependencyOrder(desired.runtimes())) {
            ActualRuntime a = running.get(d.name());
            if (a == null) {
                actions.add(new Action.Start(d, "not running"));
                continue;
            }
            List<String> why = differences(d, a, actual.hashesKnown(), changing);
            if (!why.isEmpty()) {
                actions.add(new Action.Restart(d, String.join("; ", why)));
            }
        }

        if (desired.prune().enabled() && !(desired.runtimes().isEmpty() && !desired.prune().allowEmpty())) {
            actual.files().forEach((path, sha) -> {
                if (sha != null && !desired.files().containsKey(path)) {
                    actions.add(new Action.RemoveFile(path, "no runtime of the revision needs it (prune enabled)"));
                }
            });
        }
        return new Plan(actions, notes);
    }

    private static void prunes(DesiredState desired, ActualState actual, List<Action> actions, List<String> notes) {
        Set<String> declared = new HashSet<>();
        desired.runtimes().forEach(d -> declared.add(d.name()));
        List<ActualRuntime> undeclared = actual.runtimes().stream()
                .filter(a -> !declared.contains(a.name())).toList();
        if (undeclared.isEmpty()) {
            return;
        }
        if (!desired.prune().enabled()) {
            for (ActualRuntime a : undeclared) {
                notes.add("runtime " + a.name() + " is not declared in Git; prune is disabled, so it is left running");
            }
            return;
        }
        if (desired.runtimes().isEmpty() && !desired.prune().allowEmpty()) {
            notes.add("the revision declares no runtime: pruning all " + undeclared.size()
                    + " runtimes refused (set spec.prune.allowEmpty in the Config to allow it)");
            return;
        }
        for (int i = undeclared.size() - 1; i >= 0; i--) {
            actions.add(new Action.Prune(undeclared.get(i).name(), "not declared in Git (prune enabled)"));
        }
    }

    /** Why a running runtime {@code a} is not what Git declares as {@code d}; empty if it is. */
    static List<String> differences(DesiredRuntime d, ActualRuntime a, boolean hashesKnown, Set<String> changing) {
        List<String> why = new ArrayList<>();
        if (ActualRuntime.FAILED.equals(a.state())) {
            why.add("failed" + (a.error() == null ? "" : ": " + a.error()));
        }
        if (!d.spec().script().equals(a.script())) {
            why.add("script differs: running " + a.script() + ", Git " + d.spec().script());
        } else if (hashesKnown && a.sha256() != null && !d.scriptSha256().equals(a.sha256())) {
            why.add("script sha256 differs: running " + Sha256.shortForm(a.sha256()) + ", Git "
                    + Sha256.shortForm(d.scriptSha256()));
        } else if (changing.contains(d.spec().script())) {
            why.add("script " + d.spec().script() + " changes");
        }
        for (String f : d.spec().files()) {
            if (changing.contains(f)) {
                why.add("module " + f + " changes");
            }
        }
        if (a.context() != null && !d.spec().context().equals(a.context())) {
            why.add("context differs: running " + a.context() + ", Git " + d.spec().context());
        }
        if (a.context() != null && d.spec().spawn() != a.spawn()) {
            why.add("spawn differs: running " + a.spawn() + ", Git " + d.spec().spawn());
        }
        Long memory = d.spec().limits().memory();
        if (memory != null && a.memoryLimit() != null && !memory.equals(a.memoryLimit())) {
            why.add("memory limit differs: running " + a.memoryLimit() + ", Git " + memory);
        }
        Long quota = d.spec().limits().quota();
        if (quota != null && a.quota() != null && !quota.equals(a.quota())) {
            why.add("quota differs: running " + a.quota() + ", Git " + quota);
        }
        return why;
    }

    /**
     * The runtimes with each after everything it depends on; among those ready at once, by name.
     * Dependencies on runtimes not in the list are ignored (the loader has refused them already).
     */
    public static List<DesiredRuntime> dependencyOrder(List<DesiredRuntime> runtimes) {
        Map<String, DesiredRuntime> byName = new HashMap<>();
        runtimes.forEach(r -> byName.put(r.name(), r));
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (DesiredRuntime r : runtimes) {
            int n = 0;
            for (String dep : new HashSet<>(r.spec().dependsOn())) {
                if (byName.containsKey(dep) && !dep.equals(r.name())) {
                    n++;
                    dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(r.name());
                }
            }
            waiting.put(r.name(), n);
        }
        PriorityQueue<String> ready = new PriorityQueue<>();
        waiting.forEach((name, n) -> {
            if (n == 0) {
                ready.add(name);
            }
        });
        List<DesiredRuntime> order = new ArrayList<>(runtimes.size());
        while (!ready.isEmpty()) {
            String name = ready.poll();
            order.add(byName.get(name));
            for (String dependent : dependents.getOrDefault(name, List.of())) {
                if (waiting.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (order.size() != runtimes.size()) {
            throw new IllegalArgumentException("dependency cycle among " + runtimes.stream().map(DesiredRuntime::name)
                    .filter(n -> waiting.get(n) > 0).sorted().toList());
        }
        return order;
    }
}
