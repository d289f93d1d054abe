package dev.moontide.reconcile;

import dev.moontide.apply.ApplyResult;
import dev.moontide.apply.Inventory;
import dev.moontide.drift.Drift;
import dev.moontide.manifest.ManifestError;
import dev.moontide.manifest.ManifestSet;
import dev.moontide.plan.ActualState;
import dev.moontide.plan.DesiredState;
import dev.moontide.plan.Plan;
import dev.moontide.source.Admission;
import dev.moontide.source.GitSource;
import dev.moontide.source.Revision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What one cycle knows so far: each {@link Step} reads what earlier steps filled in and adds its own. */
final class Cycle {

    final boolean dryRun;
    final boolean force;
    /** The status the previous cycle ended in. */
    final Status previous;
    /** A dry run's Git cache, removed after the cycle; null otherwise. */
    final Path tmpCache;

    /** What is applied: read at the start, replaced by an apply. */
    Inventory inventory;
    GitSource source;
    /** The fetched revision; null until fetched. */
    Revision revision;
    /** Its pass through the signature policy: the checkout needs it; null until verified. */
    Admission admission;
    ManifestSet set;
    List<ManifestError> errors = List.of();
    DesiredState desired;
    /** The actual state before the apply. */
    ActualState actual;
    Plan plan;
    /** Whether the revision needs no apply: already applied, or failed before and not forced. */
    boolean settled;
    ApplyResult result;
    /** The actual state after the apply. */
    ActualState after;
    List<Drift> drift;
    Status status;

    Cycle(boolean dryRun, boolean force, Inventory inventory, Status previous, Path tmpCache) {
        this.dryRun = dryRun;
        this.force = force;
        this.inventory = inventory;
        this.previous = previous;
        this.tmpCache = tmpCache;
    }

    /** The last good checkout to fall back on (none for a dry run that could not fetch). */
    Optional<Revision> lastGood() throws IOException {
        return revision == null && dryRun ? Optional.empty() : source.lastGood();
    }
}
