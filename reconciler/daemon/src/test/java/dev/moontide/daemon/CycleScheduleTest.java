package dev.moontide.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the daemon's next cycle is due: operator override, then the repository's spec.interval, then the default. */
class CycleScheduleTest {

    static final long S = 1_000_000_000L;

    @Test
    void theFirstCycleIsDueAtOnce() {
        assertTrue(new CycleSchedule(Optional.empty()).due(Long.MIN_VALUE));
    }

    @Test
    void theRepositorysIntervalDecidesWhenTheOperatorSetsNone() {
        CycleSchedule s = new CycleSchedule(Optional.empty());
        s.ran(100 * S, Optional.of(Duration.ofSeconds(30)));
        assertFalse(s.due(129 * S));
        assertTrue(s.due(130 * S));
        s.ran(130 * S, Optional.of(Duration.ofMinutes(5)));
        assertFalse(s.due(429 * S), "a new revision's interval takes over from the next cycle");
        assertTrue(s.due(430 * S));
    }

    @Test
    void theOperatorsIntervalOverridesTheRepository() {
        CycleSchedule s = new CycleSchedule(Optional.of(Duration.ofHours(1)));
        assertEquals(Duration.ofHours(1), s.interval(Optional.of(Duration.ofSeconds(30))));
        s.ran(0, Optional.of(Duration.ofSeconds(30)));
        assertFalse(s.due(3599 * S));
    }

    @Test
    void beforeAnyRevisionLoadedTheSchemasDefaultApplies() {
        assertEquals(Duration.ofMinutes(1), new CycleSchedule(Optional.empty()).interval(Optional.empty()));
    }

    @Test
    void theMonotonicClockMayWrap() {
        CycleSchedule s = new CycleSchedule(Optional.empty());
        s.ran(Long.MAX_VALUE - S, Optional.of(Duration.ofSeconds(2)));
        assertFalse(s.due(Long.MAX_VALUE));
        assertTrue(s.due(Long.MAX_VALUE + S + S));
    }
}
