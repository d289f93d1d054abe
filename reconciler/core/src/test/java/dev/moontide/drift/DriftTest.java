package dev.moontide.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moontide.apply.Inventory;
import dev.moontide.manifest.ConfigSpec;
import dev.moontide.manifest.RuntimeSpec;
import dev.moontide.plan.ActualRuntime;
import dev.moontide.plan.ActualState;
import dev.moontide.plan.DesiredRuntime;
import dev.moontide.plan.DesiredState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per drift cause: a change to an in-sync kernel and script root, and the drift it shows. */
class DriftTest {

    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);
    static final DesiredRuntime WEB = new DesiredRuntime("web", RuntimeSpec.of("web.lua"), A);
    static final Inventory APPLIED = new Inventory("c1", Map.of("web.lua", A), Map.of("web", WEB));
    static final DesiredState SAME = new DesiredState(List.of(WEB), Map.of("web.lua", A), new ConfigSpec.Prune(false, false));

    static ActualState inSync() {
        return new ActualState(List.of(ActualRuntime.startedFrom(WEB)), Map.of("web.lua", A), true);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
            row("in sync", SAME, s -> s, List.of()),
            row("missing", SAME, s -> new ActualState(List.of(), s.files(), true),
                List.of("MISSING corrective web " + A + ": runtime web is not running in the kernel")),
            row("unexpected", SAME, s -> withRuntime(s, new ActualRuntime("zz", "zz.lua", B, "process", false, "running", null, null, null)),
                List.of("UNEXPECTED corrective zz " + B + ": runtime zz (zz.lua) runs but is not declared in Git")),
            row("other sha256", SAME, s -> new ActualState(List.of(new ActualRuntime("web", "web.lua", B, "process", false,
                    "running", null, null, null)), s.files(), true),
                List.of("SHA256 corrective web " + B + ": runtime web runs web.lua with sha256 bbbbbbbbbbbb, applied was web.lua with aaaaaaaaaaaa")),
            row("other context", SAME, s -> new ActualState(List.of(new ActualRuntime("web", "web.lua", A, "softirq", false,
                    "running", null, null, null)), s.files(), true),
                List.of("CONTEXT corrective web " + A + ": runtime web runs in softirq context, applied was process")),
            row("failed", SAME, s -> new ActualState(List.of(new ActualRuntime("web", "web.lua", A, "process", false,
                    "failed", "web.lua:9: boom", null, null)), s.files(), true),
                List.of("FAILED corrective web " + A + ": runtime web failed: web.lua:9: boom")),
            row("modified file", SAME, s -> new ActualState(s.runtimes(), Map.of("web.lua", B), true),
                List.of("FILE_MODIFIED corrective web.lua " + B + ": file web.lua has sha256 bbbbbbbbbbbb, applied was aaaaaaaaaaaa")),
            row("missing file", SAME, s -> new ActualState(s.runtimes(), Map.of(), true),
                List.of("FILE_MISSING corrective web.lua " + A + ": file web.lua is missing from the script root")),
            row("Git moved: intentional", new DesiredState(List.of(new DesiredRuntime("web", RuntimeSpec.of("web.lua"), B)),
                    Map.of("web.lua", B), new ConfigSpec.Prune(false, false)), s -> s,
                List.of("PENDING intentional web " + B + ": Git changes runtime web, not applied")),
            row("no hashes (Lunatik): content drift only through the files", SAME,
                s -> new ActualState(List.of(new ActualRuntime("web", "web.lua", null, "process", false, "running", null,
                        null, null)), s.files(), false),
                List.of()));
    }

    static Arguments row(String name, DesiredState desired, UnaryOperator<ActualState> change, List<String> expected) {
        return Arguments.of(name, desired, change, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void detects(String name, DesiredState desired, UnaryOperator<ActualState> change, List<String> expected) {
        List<String> got = DriftDetector.detect(APPLIED, desired, change.apply(inSync())).stream()
                .map(d -> d.cause() + " " + d.kind().name().toLowerCase() + " " + d.subject() + " " + d.sha256() + ": " + d.detail())
                .toList();
        assertEquals(expected, got);
    }

    static ActualState withRuntime(ActualState s, ActualRuntime r) {
        List<ActualRuntime> rs = new ArrayList<>(s.runtimes());
        rs.add(r);
        return new ActualState(rs, new HashMap<>(s.files()), s.hashesKnown());
    }
}
