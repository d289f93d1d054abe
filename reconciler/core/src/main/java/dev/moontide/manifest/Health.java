package dev.moontide.manifest;

/**
 * {@code spec.health}: besides being {@code running}, what a started runtime must show within
 * {@code timeoutSeconds}.
 *
 * @param device         a device node that must exist, or null
 * @param tcpPort        a local TCP port that must accept connections, or null
 * @param timeoutSeconds how long to wait
 */
public record Health(String device, Integer tcpPort, Integer timeoutSeconds) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 10;

    public static final Health DEFAULT = new Health(null, null, null);

    public Health {
        if (timeoutSeconds == null) {
            timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        }
    }

    /** Whether anything beyond the runtime's state is checked. */
    public boolean probes() {
        return device != null || tcpPort != null;
    }
}
