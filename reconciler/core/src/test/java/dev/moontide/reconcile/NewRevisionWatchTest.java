package dev.moontide.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NewRevisionWatchTest {

    final AtomicBoolean webhook = new AtomicBoolean();
    final AtomicLong now = new AtomicLong(1_000);
    final AtomicReference<Optional<String>> remote = new AtomicReference<>(Optional.of("aaa"));
    final AtomicInteger asked = new AtomicInteger();

    NewRevisionWatch watch() {
        return new NewRevisionWatch(webhook, "aaa", () -> {
            asked.incrementAndGet();
            return remote.get();
        }, now::get, 100);
    }

    @Test
    void theRemoteIsAskedAtMostOncePerPeriod() {
        NewRevisionWatch w = watch();
        remote.set(Optional.of("bbb"));
        assertFalse(w.getAsBoolean(), "not asked before a period has passed");
        assertEquals(0, asked.get());
        now.addAndGet(100);
        assertTrue(w.getAsBoolean());
        assertEquals(1, asked.get());
    }

    @Test
    void theSameCommitOnTheRemoteIsNoNewRevision() {
        NewRevisionWatch w = watch();
        for (int i = 0; i < 5; i++) {
            now.addAndGet(100);
            assertFalse(w.getAsBoolean());
        }
        assertEquals(5, asked.get());
    }

    @Test
    void aWebhookMakesItAskAtOnceAndIsIgnoredIfTheRemoteDidNotMove() {
        NewRevisionWatch w = watch();
        webhook.set(true);
        assertFalse(w.getAsBoolean(), "a webhook for another branch does not cancel");
        assertEquals(1, asked.get());
        assertFalse(webhook.get(), "the hint is consumed");
        remote.set(Optional.of("bbb"));
        webhook.set(true);
        assertTrue(w.getAsBoolean());
    }

    @Test
    void aWebhookTheRemoteCannotConfirmCancelsNothing() {
        NewRevisionWatch w = watch();
        remote.set(Optional.empty());
        now.addAndGet(100);
        assertFalse(w.getAsBoolean(), "an unreachable remote alone cancels nothing");
        webhook.set(true);
        assertFalse(w.getAsBoolean(), "the same revision's health checks would be skipped");
    }

    @Test
    void onceMovedItStaysMoved() {
        NewRevisionWatch w = watch();
        remote.set(Optional.of("bbb"));
        now.addAndGet(100);
        assertTrue(w.getAsBoolean());
        remote.set(Optional.of("aaa"));
        now.addAndGet(100);
        assertTrue(w.getAsBoolean());
        assertEquals(1, asked.get());
    }
}
