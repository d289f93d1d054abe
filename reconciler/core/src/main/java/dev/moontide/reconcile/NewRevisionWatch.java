package dev.moontide.reconcile;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Whether a revision newer than the one being applied has arrived, asked again and again while
 * health checks wait: true once the remote's ref names another commit. The remote is asked at
 * most every {@code everyNanos} (a network round trip), and at once after a webhook. A webhook
 * alone cancels nothing: the remote must name another commit.
 */
final class NewRevisionWatch implements BooleanSupplier {

    private final AtomicBoolean signalled;
    private final String applying;
    private final Supplier<Optional<String>> remoteCommit;
    private final LongSupplier nanoTime;
    private final long everyNanos;
    private long nextAsk;
    private boolean moved;

    /**
     * @param signalled    set by a verified webhook
     * @param applying     the commit being applied
     * @param remoteCommit the commit the followed ref names on the remote now, empty if unknown
     */
    NewRevisionWatch(AtomicBoolean signalled, String applying, Supplier<Optional<String>> remoteCommit,
            LongSupplier nanoTime, long everyNanos) {
        this.signalled = Objects.requireNonNull(signalled, "signalled");
        this.applying = Objects.requireNonNull(applying, "applying");
        this.remoteCommit = Objects.requireNonNull(remoteCommit, "remoteCommit");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.everyNanos = everyNanos;
        this.nextAsk = nanoTime.getAsLong() + everyNanos;
    }

    @Override
    public boolean getAsBoolean() {
        if (moved) {
            return true;
        }
        boolean hinted = signalled.getAndSet(false);
        long now = nanoTime.getAsLong();
        if (hinted || now - nextAsk >= 0) {
            nextAsk = now + everyNanos;
            // only a commit the remote confirms: a webhook for another branch, or one sent while the
            // remote cannot be read, would have the cycle skip health checks of the same revision
            moved = remoteCommit.get().map(c -> !c.equals(applying)).orElse(false);
        }
        return moved;
    }
}
