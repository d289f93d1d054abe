package dev.moontide.kernel;

/** The {@code state} of a runtime in {@code list} (docs/protocol.md). */
public enum RunState {
    /** Its Lua state is alive (a spawned function may be running in its thread). */
    RUNNING,
    /** A spawned function returned; the state stays until {@code stop}. */
    FINISHED,
    /** It raised an error; {@link RuntimeInfo#error()} says which. */
    FAILED,
    /** Its top level is running: {@code run} has not answered yet (it can be stopped already). */
    STARTING,
    /** {@code stop} is under way: it stays listed until it is gone. */
    STOPPING;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The state a wire word names.
     *
     * @throws IllegalArgumentException if {@code word} is not a v1 state
     */
    public static RunState parse(String word) {
        for (RunState s : values()) {
            if (s.wire().equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown state \"" + word + "\"; one of running, finished, failed, starting, stopping");
    }

    @Override
    public String toString() {
        return wire();
    }
}
