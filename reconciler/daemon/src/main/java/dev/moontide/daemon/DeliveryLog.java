package dev.moontide.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook delivery ids seen lately, so that a replayed request is refused. An id is kept for
 * twice the timestamp window (a request stamped at the window's far end stays valid that long);
 * ids are dropped oldest first as they expire. At most {@code capacity} ids are kept: past it new
 * deliveries are refused rather than old ids forgotten early, which would reopen their replay.
 */
final class DeliveryLog {

    /** What {@link #record} decided. */
    enum Outcome { FIRST, REPLAYED, FULL }

    private final Duration keep;
    private final int capacity;
    /** id → when it may be forgotten; insertion order is expiry order, since {@code keep} is fixed. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    DeliveryLog(Duration window, int capacity) {
        this.keep = window.multipliedBy(2);
        this.capacity = capacity;
    }

    /** Records {@code id} received at {@code now}, unless it was seen already or the log is full. */
    synchronized Outcome record(String id, Instant now) {
        for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext();) {
            if (it.next().getValue().isAfter(now)) {
                break;
            }
            it.remove();
        }
        if (seen.containsKey(id)) {
            return Outcome.REPLAYED;
        }
        if (seen.size() >= capacity) {
            return Outcome.FULL;
        }
        seen.put(id, now.plus(keep));
        return Outcome.FIRST;
    }

    synchronized int size() {
        return seen.size();
    }
}
