package dev.moontide.reconcile;

import dev.moontide.apply.StateStore;
import dev.moontide.source.Revision;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The revisions applied or attempted, newest first, the last {@value #SIZE} kept in the state folder. */
final class HistoryLog {

    private static final int SIZE = 50;
    private static final String FILE = "history.json";

    private final StateStore store;
    private final Clock clock;

    HistoryLog(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    List<HistoryEntry> entries() throws IOException {
        return store.read(FILE, HistoryEntry[].class).map(Arrays::asList).orElse(List.of());
    }

    void add(Revision revision, String result, String message) throws IOException {
        List<HistoryEntry> h = new ArrayList<>(entries());
        h.add(0, new HistoryEntry(revision.commit(), revision.subject(), result, message, clock.instant()));
        store.write(FILE, h.subList(0, Math.min(SIZE, h.size())));
    }
}
