package dev.moontide.apply;

import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.KernelException;
import dev.moontide.plan.ActualRuntime;
import dev.moontide.plan.ActualState;
import dev.moontide.plan.DesiredState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Reads the actual state: the kernel's runtimes and the sha256 on disk of every file applied or desired. */
public final class Observer {

    private final KernelDriver driver;
    private final ScriptRoot scriptRoot;

    public Observer(KernelDriver driver, ScriptRoot scriptRoot) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.scriptRoot = Objects.requireNonNull(scriptRoot, "scriptRoot");
    }

    /** The actual state of what {@code inventory} applied and {@code desired} (may be null) declares. */
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
}
