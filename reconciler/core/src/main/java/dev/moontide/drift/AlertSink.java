package dev.moontide.drift;

/** Where alerts go: the log, metrics, webhooks. A sink never throws; it reports its own failures. */
public interface AlertSink {

    void fired(Alert alert);

    void resolved(Alert alert);

    /** Sends an update to every sink, fired ones first. */
    static void send(AlertBook.Update update, Iterable<AlertSink> sinks) {
        for (AlertSink s : sinks) {
            update.fired().forEach(s::fired);
            update.resolved().forEach(s::resolved);
        }
    }
}
