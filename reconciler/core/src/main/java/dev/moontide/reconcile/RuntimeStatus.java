package dev.moontide.reconcile;

/**
 * One runtime's state after a cycle.
 *
 * @param name    the runtime
 * @param sync    {@code Synced}, {@code OutOfSync}, {@code RolledBack}, {@code Failed} or {@code Unmanaged}
 * @param state   the kernel's state ({@code running}, {@code failed}...) or {@code absent}
 * @param sha256  the sha256 of the script the kernel runs, if known
 * @param message why, when not synced
 */
public record RuntimeStatus(String name, String sync, String state, String sha256, String message) {
}
