package dev.moontide.apply;

import dev.moontide.plan.DesiredRuntime;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the reconciler last applied with success: per runtime the declaration it runs, and every
 * file it installed with its sha256. Drift is measured against this; rollback and re-apply read
 * the files' bytes from the {@link StateStore}'s blobs.
 *
 * @param revision the commit whose apply last succeeded whole, or null
 * @param files    repository-relative path → sha256, for every file installed under the script root
 * @param runtimes name → the declaration each runtime was last started from successfully
 */
public record Inventory(String revision, Map<String, String> files, Map<String, DesiredRuntime> runtimes) {

    public static final Inventory EMPTY = new Inventory(null, Map.of(), Map.of());

    public Inventory {
        files = files == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(files));
        runtimes = runtimes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(runtimes));
    }
}
