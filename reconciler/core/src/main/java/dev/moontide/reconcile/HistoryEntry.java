package dev.moontide.reconcile;

import java.time.Instant;

/**
 * One revision attempt, for {@code GET /api/history}.
 *
 * @param revision the commit
 * @param subject  its commit message's first line
 * @param result   {@code Applied}, {@code Failed} or {@code Invalid}
 * @param message  a summary
 * @param time     when
 */
public record HistoryEntry(String revision, String subject, String result, String message, Instant time) {
}
