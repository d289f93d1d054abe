package dev.moontide.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertBookTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Drift drift(String subject, Drift.Cause cause, String sha) {
        return new Drift(subject, cause, sha, Drift.Kind.CORRECTIVE, subject + " " + cause);
    }

    static List<String> keys(List<Alert> alerts) {
        return alerts.stream().map(Alert::key).toList();
    }

    @Test
    void firesOncePerRuntimeCauseAndSha256() {
        AlertBook book = new AlertBook();
        AlertBook.Update u = book.update(List.of(drift("web", Drift.Cause.SHA256, "x")), T0);
        assertEquals(List.of("web|SHA256|x"), keys(u.fired()));
        for (int cycle = 0; cycle < 5; cycle++) {
            u = book.update(List.of(drift("web", Drift.Cause.SHA256, "x")), T0.plusSeconds(cycle));
            assertEquals(List.of(), keys(u.fired()));
            assertEquals(List.of(), keys(u.resolved()));
        }
        assertEquals(T0, book.active().get(0).since());
    }

    @Test
    void firesAgainWhenTheSha256ChangesAndResolvesTheOldOne() {
        AlertBook book = new AlertBook();
        book.update(List.of(drift("web", Drift.Cause.SHA256, "x")), T0);
        AlertBook.Update u = book.update(List.of(drift("web", Drift.Cause.SHA256, "y")), T0);
        assertEquals(List.of("web|SHA256|y"), keys(u.fired()));
        assertEquals(List.of("web|SHA256|x"), keys(u.resolved()));
    }

    @Test
    void clearsWhenResolvedAndFiresAgainIfItComesBack() {
        AlertBook book = new AlertBook();
        book.update(List.of(drift("db", Drift.Cause.MISSING, "a")), T0);
        assertEquals(List.of("db|MISSING|a"), keys(book.update(List.of(), T0).resolved()));
        assertEquals(List.of(), book.active());
        assertEquals(List.of("db|MISSING|a"), keys(book.update(List.of(drift("db", Drift.Cause.MISSING, "a")), T0).fired()));
    }

    @Test
    void duplicatesWithinOneCycleFireOnce() {
        AlertBook book = new AlertBook();
        AlertBook.Update u = book.update(List.of(drift("db", Drift.Cause.MISSING, "a"), drift("db", Drift.Cause.MISSING, "a"),
                drift("db", Drift.Cause.FAILED, "a")), T0);
        assertEquals(List.of("db|MISSING|a", "db|FAILED|a"), keys(u.fired()));
    }
}
