package dev.moontide.plan;

import dev.moontide.manifest.ConfigSpec;
import dev.moontide.manifest.Limits;
import dev.moontide.manifest.RuntimeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small builders for planner tests. */
final class PlanFixtures {

    static final ConfigSpec.Prune NO_PRUNE = new ConfigSpec.Prune(false, false);
    static final ConfigSpec.Prune PRUNE = new ConfigSpec.Prune(true, false);

    private PlanFixtures() {
    }

    static DesiredRuntime runtime(String name, String script, String sha, String... deps) {
        return new DesiredRuntime(name, new RuntimeSpec(script, null, null, null, List.of(deps), null, null, null), sha);
    }

    static DesiredRuntime withFiles(DesiredRuntime d, String... files) {
        RuntimeSpec s = d.spec();
        return new DesiredRuntime(d.name(), new RuntimeSpec(s.script(), List.of(files), s.context(), s.spawn(),
                s.dependsOn(), s.limits(), s.health(), s.driftPolicy()), d.scriptSha256());
    }

    static DesiredRuntime withContext(DesiredRuntime d, String context) {
        RuntimeSpec s = d.spec();
        return new DesiredRuntime(d.name(), new RuntimeSpec(s.script(), s.files(), context, s.spawn(),
                s.dependsOn(), s.limits(), s.health(), s.driftPolicy()), d.scriptSha256());
    }

    static DesiredRuntime withMemory(DesiredRuntime d, long memory) {
        RuntimeSpec s = d.spec();
        return new DesiredRuntime(d.name(), new RuntimeSpec(s.script(), s.files(), s.context(), s.spawn(),
                s.dependsOn(), new Limits(memory, s.limits().quota()), s.health(), s.driftPolicy()), d.scriptSha256());
    }

    /** {@code d} in softirq context, spawned (as no kernel allows: only for comparing). */
    static DesiredRuntime softirq(DesiredRuntime d) {
        RuntimeSpec s = d.spec();
        return new DesiredRuntime(d.name(), new RuntimeSpec(s.script(), s.files(), "softirq", true,
                s.dependsOn(), s.limits(), s.health(), s.driftPolicy()), d.scriptSha256());
    }

    /** The desired state of these runtimes, each file's sha256 taken from the runtimes (modules: "m-" + path). */
    static DesiredState desired(ConfigSpec.Prune prune, DesiredRuntime... runtimes) {
        Map<String, String> files = new HashMap<>();
        for (DesiredRuntime r : runtimes) {
            files.put(r.spec().script(), r.scriptSha256());
            r.spec().files().forEach(f -> files.put(f, "m-" + f));
        }
        return new DesiredState(List.of(runtimes), files, prune);
    }

    /** An actual state where every desired runtime runs as declared and every file is installed. */
    static ActualState inSync(DesiredState d) {
        List<ActualRuntime> rs = new ArrayList<>();
        d.runtimes().forEach(r -> rs.add(ActualRuntime.startedFrom(r)));
        return new ActualState(rs, d.files(), true);
    }

    static ActualRuntime running(String name, String script, String sha) {
        return new ActualRuntime(name, script, sha, "process", false, ActualRuntime.RUNNING, null, null, null);
    }

    /** Each action as "verb target: reason". */
    static List<String> lines(Plan plan) {
        return plan.actions().stream().map(a -> a.verb() + " " + a.target() + ": " + a.reason()).toList();
    }
}
