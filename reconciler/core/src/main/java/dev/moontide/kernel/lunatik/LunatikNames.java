package dev.moontide.kernel.lunatik;


/**
 * Lunatik keys runtimes by script ({@code "net/filter"} is {@code /lib/modules/lua/net/filter.lua});
 * moontide names them. The Lunatik driver reports a script's runtime under the name a manifest
 * gives it, and a script no manifest declares (started by hand) under its key with {@code '/'} as
 * {@code '.'}, the name moontide.ko's {@code /dev/lunatik} gives it.
 */
public final class LunatikNames {

    private LunatikNames() {
    }

    /** The Lunatik key of a script path: the path without {@code .lua}. */
    public static String keyOf(String script) {
        return script.endsWith(".lua") ? script.substring(0, script.length() - 4) : script;
    }

    /**
     * Whether upstream 3.x's runner would change this key: it strips {@code .lua} with an unescaped,
     * unanchored pattern, so any character followed by {@code lua} is cut ({@code probe/evaluate}
     * loads {@code probe/evte.lua}).
     */
    public static boolean looselyStripped(String key) {
        return key.indexOf("lua", 1) >= 0;
    }

    /** The name of an undeclared runtime: its key with {@code '/'} as {@code '.'}. */
    public static String nameOf(String scriptOrKey) {
        return keyOf(scriptOrKey).replace('/', '.');
    }

    /** A valid runtime name for an odd key: other characters as {@code '_'}, cut at 64. */
    public static String sanitized(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        s = s.length() > 64 ? s.substring(0, 64) : s;
        return s.isEmpty() ? "_" : s;
    }

    /** {@code s} as a Lua string literal: quoted, with every byte outside printable ASCII escaped. */
    public static String luaString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (byte c : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if (u == '"' || u == '\\') {
                b.append('\\').append((char) u);
            } else if (u < 0x20 || u >= 0x7f) {
                b.append('\\').append(String.format(java.util.Locale.ROOT, "%03d", u));
            } else {
                b.append((char) u);
            }
        }
        return b.append('"').toString();
    }
}
