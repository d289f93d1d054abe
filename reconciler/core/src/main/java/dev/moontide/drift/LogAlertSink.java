package dev.moontide.drift;

import java.lang.System.Logger.Level;

/** Alerts as log lines: one at WARNING when fired, one at INFO when resolved. */
public final class LogAlertSink implements AlertSink {

    private static final System.Logger LOG = System.getLogger("dev.moontide.drift");

    @Override
    public void fired(Alert alert) {
        Drift d = alert.drift();
        LOG.log(Level.WARNING, "drift " + d.cause() + " (" + d.kind().name().toLowerCase(java.util.Locale.ROOT)
                + ") " + d.subject() + ": " + d.detail());
    }

    @Override
    public void resolved(Alert alert) {
        Drift d = alert.drift();
        LOG.log(Level.INFO, "drift resolved " + d.cause() + " " + d.subject());
    }
}
