package dev.moontide.reconcile;

import dev.moontide.apply.FileHash;
import dev.moontide.manifest.ManifestSet;
import dev.moontide.manifest.RuntimeManifest;
import dev.moontide.plan.DesiredRuntime;
import dev.moontide.plan.DesiredState;
import dev.moontide.plan.Sha256;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the planner's {@link DesiredState} from a loaded revision, hashing its files on disk. */
public final class DesiredStateLoader {

    private DesiredStateLoader() {
    }

    /** The desired state of {@code set}: its runtimes and the sha256 of every file they need. */
    public static DesiredState load(ManifestSet set) throws IOException {
        Map<String, String> files = new TreeMap<>();
        List<DesiredRuntime> runtimes = new ArrayList<>();
        for (RuntimeManifest r : set.runtimes()) {
            String script = r.spec().script();
            String sha = files.get(script);
            if (sha == null) {
                sha = FileHash.sha256(set.root().resolve(script));
                files.put(script, sha);
            }
            for (String f : r.spec().files()) {
                if (!files.containsKey(f)) {
                    files.put(f, FileHash.sha256(set.root().resolve(f)));
                }
            }
            runtimes.add(new DesiredRuntime(r.name(), r.spec(), sha));
        }
        return new DesiredState(runtimes, files, set.configSpec().prune());
    }
}
