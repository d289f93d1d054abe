package dev.moontide.kernel;

import java.util.Locale;

/** The execution context a runtime's Lua code runs in (docs/protocol.md, {@code context=}). */
public enum Context {
    /** Under a mutex; may sleep. */
    PROCESS,
    /** Under {@code spin_lock_bh}, allocating with {@code GFP_ATOMIC}: netfilter, XDP. */
    SOFTIRQ,
    /** Under {@code spin_lock_irqsave}: kprobes, the keyboard notifier. */
    HARDIRQ;

    /** The word on the wire and in manifests: {@code process}, {@code softirq}, {@code hardirq}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The context a wire word names.
     *
     * @throws IllegalArgumentException naming the allowed words if {@code word} is none of them
     */
    public static Context parse(String word) {
        for (Context c : values()) {
            if (c.wire().equals(word)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown context \"" + word + "\"; one of process, softirq, hardirq");
    }

    @Override
    public String toString() {
        return wire();
    }
}
