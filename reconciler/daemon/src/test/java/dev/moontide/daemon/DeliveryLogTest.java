package dev.moontide.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The webhook's seen delivery ids: a replay within the window is caught, and memory stays bounded. */
class DeliveryLogTest {

    static final Instant T = Instant.ofEpochSecond(1_700_000_000L);

    @Test
    void anIdSeenWithinTwiceTheWindowIsAReplay() {
        DeliveryLog log = new DeliveryLog(Duration.ofMinutes(5), 100);
        assertEquals(DeliveryLog.Outcome.FIRST, log.record("a", T));
        assertEquals(DeliveryLog.Outcome.REPLAYED, log.record("a", T.plusSeconds(599)));
        assertEquals(DeliveryLog.Outcome.FIRST, log.record("a", T.plusSeconds(601)), "forgotten: its stamp is stale by now");
    }

    @Test
    void expiredIdsAreDroppedAndAFullLogRefusesRatherThanForgets() {
        DeliveryLog log = new DeliveryLog(Duration.ofMinutes(5), 3);
        for (String id : new String[] {"a", "b", "c"}) {
            assertEquals(DeliveryLog.Outcome.FIRST, log.record(id, T));
        }
        assertEquals(DeliveryLog.Outcome.FULL, log.record("d", T.plusSeconds(1)));
        assertEquals(DeliveryLog.Outcome.REPLAYED, log.record("a", T.plusSeconds(1)));
        assertEquals(DeliveryLog.Outcome.FIRST, log.record("d", T.plusSeconds(600)));
        assertEquals(1, log.size(), "a, b and c expired");
    }
}
