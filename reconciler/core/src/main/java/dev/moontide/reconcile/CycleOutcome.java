package dev.moontide.reconcile;

/** How a cycle ended, as a caller decides on it (the command maps it to its exit status). */
public enum CycleOutcome {
    /** In sync, or the plan was applied and every runtime is healthy. */
    SYNCED,
    /** A dry run found changes to make. */
    CHANGES_PLANNED,
    /** Invalid manifests, a stalled source, or an apply that failed. */
    FAILED
}
