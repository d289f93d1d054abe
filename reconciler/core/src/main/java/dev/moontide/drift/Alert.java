package dev.moontide.drift;

import java.time.Instant;
import java.util.Objects;

/** A drift that has been reported, since when. */
public record Alert(Drift drift, Instant since) {

    public Alert {
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(since, "since");
    }

    public String key() {
        return drift.key();
    }
}
