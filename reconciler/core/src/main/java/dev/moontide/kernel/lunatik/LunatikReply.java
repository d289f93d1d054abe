package dev.moontide.kernel.lunatik;

import java.util.Arrays;
import java.util.List;

/**
 * A reply of {@code /dev/lunatik}: {@code tostring(ok)}, a tab, then the chunk's results joined by
 * tabs, or the error message.
 *
 * @param ok      whether the chunk ran without error
 * @param values  the results, each through {@code tostring} (empty for none), or the message alone
 */
public record LunatikReply(boolean ok, List<String> values) {

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

    /** The error message of a failed chunk. */
    public String error() {
        return ok ? null : values.get(0);
    }
}
