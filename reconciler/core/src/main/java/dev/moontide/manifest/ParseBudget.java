package dev.moontide.manifest;

/**
 * What one load of a repository has used of its {@link ParseLimits}: bytes read and nodes built
 * so far, so the per-repository bounds hold across files and documents.
 */
final class ParseBudget {

    private final ParseLimits limits;
    private long bytes;
    private long nodes;
    private boolean exhausted;

    ParseBudget(ParseLimits limits) {
        this.limits = limits;
    }

    ParseLimits limits() {
        return limits;
    }

    /** Takes {@code size} bytes for a file; false, taking nothing, if that would cross the repository's bound. */
    boolean takeBytes(long size) {
        if (bytes + size > limits.repositoryBytes()) {
            exhausted = true;
            return false;
        }
        bytes += size;
        return true;
    }

    /** Nodes the repository may still build. */
    long nodesLeft() {
        return limits.repositoryNodes() - nodes;
    }

    void takeNodes(long n) {
        nodes += n;
    }

    /** Records that a repository bound was crossed: nothing more of it is worth reading. */
    void exhaust() {
        exhausted = true;
    }

    boolean exhausted() {
        return exhausted;
    }
}
