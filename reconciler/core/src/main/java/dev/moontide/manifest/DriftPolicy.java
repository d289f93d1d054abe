package dev.moontide.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the reconciler does when the kernel differs from the last applied revision. */
public enum DriftPolicy {
    /** Report it (log, metric, REST, webhooks) and leave the kernel as it is. */
    @JsonProperty("alert") ALERT,
    /** Report it and put the runtime back as Git declares it. */
    @JsonProperty("heal") HEAL;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
