package dev.moontide.kernel.lunatik;

import java.util.Arrays;
import java.util.List;

/**
 * A reply of {@code /dev/lunatik}: {@code tostring(ok)}, a tab, then the chunk's results joined by
 * tabs, or the error message.
 *
 * <p>Upstream Lunatik has replied in three forms ({@link Form}); only the newest says whether a
 * chunk failed. For the two older ones the driver {@linkplain #wrap wraps} each chunk so that it
 * returns one string, {@link #MARK} and a status-form reply: every form then carries its results
 * whole and its status, and a reply without the mark is an error the wrapper did not catch.
 *
 * @param ok      whether the chunk ran without error
 * @param values  the results, each through {@code tostring} (empty for none), or the message alone
 */
public record LunatikReply(boolean ok, List<String> values) {

    /** The reply forms upstream's {@code /dev/lunatik} has shipped, newest first. */
    public enum Form {
        /** {@code true} or {@code false}, a tab, the results or the error. */
        STATUS("status", "the newest"),
        /** Later 4.x: the results joined by tabs, or the error's message; no status word. */
        TABS("4x", "4.x"),
        /** 3.x: {@code tostring} of the first result ({@code ""} for none), or the error's message. */
        FIRST("3x", "3.x");

        private final String wire;
        private final String release;

        Form(String wire, String release) {
            this.wire = wire;
            this.release = release;
        }

        /** Which upstream releases replied so: {@code 3.x}, {@code 4.x}, {@code the newest}. */
        public String release() {
            return release;
        }

        /** Its name as moontide.ko's {@code lunatik_reply} parameter spells it. */
        public String wire() {
            return wire;
        }
    }

    /** The chunk whose reply tells the forms apart: two results, the first a plain string. */
    public static final String PROBE = "return \"moontide-probe\", 2";

    /** What a wrapped chunk's reply starts with. */
    public static final String MARK = "\u0001";

    public LunatikReply {
        values = List.copyOf(values);
    }

    /** Parses a reply; null if it is not one. */
    public static LunatikReply parse(String text) {
        int tab = text.indexOf('\t');
        String head = tab < 0 ? text : text.substring(0, tab);
        String rest = tab < 0 ? "" : text.substring(tab + 1);
        if (head.equals("true")) {
            return new LunatikReply(true, rest.isEmpty() ? List.of() : Arrays.asList(rest.split("\t", -1)));
        }
        if (head.equals("false")) {
            return new LunatikReply(false, List.of(rest)); // a message may hold tabs: keep it whole
        }
        return null;
    }

    /** The form of a reply to {@link #PROBE}; null if it is none of them. */
    public static Form detect(String reply) {
        return switch (reply) {
            case "true\tmoontide-probe\t2" -> Form.STATUS;
            case "moontide-probe\t2" -> Form.TABS;
            case "moontide-probe" -> Form.FIRST;
            default -> null;
        };
    }

    /**
     * {@code chunk} as a chunk returning one string, whatever it returns or raises: {@link #MARK}
     * and its reply in the status form. It is loaded with {@code load}, as the device loads a chunk
     * (so messages name it {@code [string "..."]} alike), and called under {@code pcall}.
     */
    public static String wrap(String chunk) {
        return "local f, e = load(" + LunatikNames.luaString(chunk) + ")\n"
                + "if not f then return \"\\1false\\t\" .. tostring(e) end\n"
                + "local r = table.pack(pcall(f))\n"
                + "if not r[1] then return \"\\1false\\t\" .. tostring(r[2]) end\n"
                + "for i = 2, r.n do r[i] = tostring(r[i]) end\n"
                + "return \"\\1true\\t\" .. table.concat(r, \"\\t\", 2, r.n)";
    }

    /**
     * Parses the reply to a {@linkplain #wrap wrapped} chunk in an older form: marked, the status
     * form's reply; unmarked, an error that escaped the wrapper (its message: that is how the older
     * forms reply an error); null if marked but not a reply.
     */
    public static LunatikReply parseWrapped(String text) {
        if (!text.startsWith(MARK)) {
            return new LunatikReply(false, List.of(text));
        }
        return parse(text.substring(MARK.length()));
    }

    /** The error message of a failed chunk. */
    public String error() {
        return ok ? null : values.get(0);
    }
}
