package dev.moontide.kernel.lunatik;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moontide.kernel.Context;
import dev.moontide.kernel.KernelException;
import dev.moontide.kernel.RunSpec;
import dev.moontide.kernel.RuntimeInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three reply forms upstream's {@code /dev/lunatik} has shipped: the probe that tells them
 * apart, and the driver speaking each (replies as the forms give them; the lab runs the same
 * against moontide.ko {@code lunatik_reply=3x|4x|status}: lunatik-forms.sh, lunatik-e2e.sh).
 */
class LunatikFormsTest {

    final List<String> written = new ArrayList<>();
    final Deque<String> replies = new ArrayDeque<>();
    final LunatikDriver driver = newDriver();

    /** A driver that has not probed yet, writing to {@link #written}, answered from {@link #replies}. */
    LunatikDriver newDriver() {
        return new LunatikDriver(request -> {
            written.add(new String(request, StandardCharsets.UTF_8));
            return replies.removeFirst().getBytes(StandardCharsets.UTF_8);
        }, "/dev/lunatik");
    }

    static final String W = LunatikReply.MARK;

    @Test
    void theProbesRepliesDifferInEachForm() {
        assertEquals(LunatikReply.Form.STATUS, LunatikReply.detect("true\tmoontide-probe\t2"));
        assertEquals(LunatikReply.Form.TABS, LunatikReply.detect("moontide-probe\t2"));
        assertEquals(LunatikReply.Form.FIRST, LunatikReply.detect("moontide-probe"));
        // an error is none of them: in the older forms it is a bare message
        assertNull(LunatikReply.detect("[string \"return \"moontide-probe\", 2\"]:1: boom"));
        assertNull(LunatikReply.detect(""));
        assertNull(LunatikReply.detect("false\tmoontide-probe"));
    }

    @Test
    void theStatusFormIsProbedOnceAndSpokenAsBefore() throws Exception {
        replies.add("true\tmoontide-probe\t2");
        replies.add("true\ta/b, c");
        replies.add("true\t");
        assertEquals(List.of("a.b", "c"), driver.list().stream().map(RuntimeInfo::name).toList());
        assertEquals(List.of(), driver.list());
        assertEquals(List.of(LunatikReply.PROBE, "return lunatik.runner.list()", "return lunatik.runner.list()"),
                written, "probed once: the form is kept");
        assertEquals(LunatikReply.Form.STATUS, driver.form());
    }

    @Test
    void theOlderFormsWrapEachChunkAndReadItsMarkedReply() throws Exception {
        for (String probe : List.of("moontide-probe\t2", "moontide-probe")) {
            written.clear();
            LunatikDriver d = newDriver();
            replies.add(probe);
            replies.add(W + "true\ta/b, c/d");
            assertEquals(List.of("a.b", "c.d"), d.list().stream().map(RuntimeInfo::name).toList());
            assertEquals(LunatikReply.wrap("return lunatik.runner.list()"), written.get(1));
            assertTrue(written.get(1).startsWith("local f, e = load(\"return lunatik.runner.list()\")"),
                    written.get(1));
            replies.add(W + "true\t");
            assertEquals(List.of(), d.list(), "an empty list");
            replies.add(W + "true\t42\tx\tnil");
            assertEquals(List.of("42", "x", "nil"), d.eval("-", "return 42, 'x', nil"),
                    "every result, even where the form replies with the first only");
        }
    }

    @Test
    void inTheOlderFormsAnErrorIsToldApartFromAStringResult() throws Exception {
        replies.add("moontide-probe");
        replies.add(W + "true\tcannot open /lib/modules/lua/x.lua");
        assertEquals(List.of("cannot open /lib/modules/lua/x.lua"), driver.eval("-", "return 'cannot open "
                + "/lib/modules/lua/x.lua'"), "a string result, however it reads");
        replies.add(W + "false\t/lib/modules/lua/lunatik/runner.lua:41: web is already running");
        KernelException e = assertThrows(KernelException.class, () -> driver.run(RunSpec.of("web", "web.lua")));
        assertEquals(KernelException.EEXIST, e.errno());
        assertEquals("/lib/modules/lua/lunatik/runner.lua:41: web is already running", e.getMessage());
        replies.add("not enough memory"); // the wrapper itself failed: the bare message
        e = assertThrows(KernelException.class, driver::list);
        assertEquals(KernelException.RUNTIME, e.kind());
        assertEquals("not enough memory", e.getMessage());
    }

    @Test
    void stopIn3xRepliesNothingAndStillStops() throws Exception {
        replies.add("moontide-probe");
        replies.add(W + "true\tnet/filter");
        replies.add(W + "true\t"); // 3.x's stop returns nothing
        driver.stop("net.filter");
        assertEquals(LunatikReply.wrap("return lunatik.runner.stop(\"net/filter\")"), written.get(2));
    }

    @Test
    void in3xOnlyProcessContextCanBeAskedFor() throws Exception {
        replies.add("moontide-probe");
        KernelException e = assertThrows(KernelException.class,
                () -> driver.run(RunSpec.of("ticker", "ticker.lua").withContext(Context.SOFTIRQ)));
        assertEquals("runtime ticker: /dev/lunatik replies in Lunatik 3.x's form, where run's context is a boolean: "
                + "\"softirq\" would start the script in process context, not softirq; refused", e.getMessage());
        assertThrows(KernelException.class,
                () -> driver.run(RunSpec.of("ticker", "ticker.lua").withContext(Context.HARDIRQ)));
        replies.add(W + "true\t");
        driver.run(RunSpec.of("ticker", "ticker.lua"));
        assertEquals(List.of(LunatikReply.PROBE, LunatikReply.wrap("lunatik.runner.run(\"ticker\", \"process\")")),
                written, "nothing written for the refused ones");
    }

    @Test
    void in4xContextsAreStrings() throws Exception {
        replies.add("moontide-probe\t2");
        replies.add(W + "true\t");
        driver.run(RunSpec.of("ticker", "ticker.lua").withContext(Context.SOFTIRQ));
        assertEquals(LunatikReply.wrap("lunatik.runner.run(\"ticker\", \"softirq\")"), written.get(1));
    }

    @Test
    void inTheOlderFormsKeysTheLooseStrippingWouldChangeAreRefused() throws Exception {
        assertTrue(LunatikNames.looselyStripped("probe/evaluate"));
        assertTrue(LunatikNames.looselyStripped("x/lua"));
        assertTrue(LunatikNames.looselyStripped("a.lua"));
        assertEquals(false, LunatikNames.looselyStripped("lua/x"), "no character before it");
        assertEquals(false, LunatikNames.looselyStripped("probe/hello"));
        replies.add("moontide-probe");
        KernelException e = assertThrows(KernelException.class,
                () -> driver.run(RunSpec.of("probe", "probe/evaluate.lua")));
        assertEquals(KernelException.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("runtime probe: /dev/lunatik replies in Lunatik 3.x's form, and "
                + "Lunatik 3.x's runner strips .lua with a loose pattern"), e.getMessage());
        assertTrue(e.getMessage().endsWith("script probe/evaluate would not be the file loaded; rename it"),
                e.getMessage());
        assertEquals(List.of(LunatikReply.PROBE), written);
    }

    @Test
    void in4xSuchKeysAreRefusedToo() throws Exception {
        replies.add("moontide-probe\t2");
        KernelException e = assertThrows(KernelException.class,
                () -> driver.run(RunSpec.of("probe", "probe/evaluate.lua")));
        assertTrue(e.getMessage().startsWith("runtime probe: /dev/lunatik replies in Lunatik 4.x's form, and "
                + "Lunatik 3.x's runner (which 4.x's may still be) strips .lua with a loose pattern"), e.getMessage());
    }

    @Test
    void theStatusFormKeepsSuchKeys() throws Exception {
        replies.add("true\tmoontide-probe\t2");
        replies.add("true\t");
        driver.run(RunSpec.of("probe", "probe/evaluate.lua"));
        assertEquals("lunatik.runner.run(\"probe/evaluate\", \"process\")", written.get(1));
    }

    @Test
    void aProbeReplyOfNoFormIsSaidToBeSo() {
        replies.add("");
        KernelException e = assertThrows(KernelException.class, driver::list);
        assertEquals(KernelException.PROTOCOL, e.kind());
        assertEquals("/dev/lunatik answered \"\" to return \"moontide-probe\", 2: none of Lunatik's reply forms "
                + "(\"true\", a tab and results; results joined by tabs; the first result)", e.getMessage());
    }

    @Test
    void aReplyOfAnotherFormLaterIsAnErrorAndTheNextCallProbesAgain() throws Exception {
        replies.add("moontide-probe");
        replies.add("true\t" + W + "true\ta"); // moontide.ko reloaded with the status form
        KernelException e = assertThrows(KernelException.class, driver::list);
        assertEquals(KernelException.PROTOCOL, e.kind());
        replies.add("true\tmoontide-probe\t2");
        replies.add("true\ta");
        assertEquals(List.of("a"), driver.list().stream().map(RuntimeInfo::name).toList());
        assertEquals(LunatikReply.Form.STATUS, driver.form());
    }

    @Test
    void theWrapperReturnsOneMarkedString() {
        assertEquals("local f, e = load(\"return 1\")\n"
                + "if not f then return \"\\1false\\t\" .. tostring(e) end\n"
                + "local r = table.pack(pcall(f))\n"
                + "if not r[1] then return \"\\1false\\t\" .. tostring(r[2]) end\n"
                + "for i = 2, r.n do r[i] = tostring(r[i]) end\n"
                + "return \"\\1true\\t\" .. table.concat(r, \"\\t\", 2, r.n)", LunatikReply.wrap("return 1"));
        assertEquals(new LunatikReply(true, List.of("1", "2")), LunatikReply.parseWrapped(W + "true\t1\t2"));
        assertEquals(new LunatikReply(false, List.of("boom")), LunatikReply.parseWrapped("boom"));
        assertNull(LunatikReply.parseWrapped(W + "junk"));
    }
}
