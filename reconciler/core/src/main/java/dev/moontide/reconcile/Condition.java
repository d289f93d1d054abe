package dev.moontide.reconcile;

import java.util.Objects;

/**
 * The overall state in the shape GitOps users know from Flux: {@code Ready} (in sync),
 * {@code Reconciling} (working, or waiting to retry a transient failure) or {@code Stalled}
 * (cannot progress until the repository changes), with a constant CamelCase reason.
 */
public record Condition(String type, String reason, String message) {

    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";

    public Condition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    public Condition(String type, Reason reason, String message) {
        this(type, reason.text(), message);
    }
}
