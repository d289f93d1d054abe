package dev.moontide.plan;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What is there now: the kernel's runtimes (sorted by name) and the sha256 of each file the
 * reconciler manages under the script root (files it installed, plus the files the revision
 * wants that already exist there); a path mapped to nothing is not there.
 *
 * @param hashesKnown false when the driver does not report script hashes (Lunatik), so drift
 *                    of a script's content can only be seen on disk
 */
public record ActualState(List<ActualRuntime> runtimes, Map<String, String> files, boolean hashesKnown) {

    public ActualState {
        runtimes = runtimes.stream().sorted(Comparator.comparing(ActualRuntime::name)).toList();
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    public static final ActualState EMPTY = new ActualState(List.of(), Map.of(), true);

    public Optional<ActualRuntime> runtime(String name) {
        return runtimes.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
