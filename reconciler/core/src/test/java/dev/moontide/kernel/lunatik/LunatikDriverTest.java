package dev.moontide.kernel.lunatik;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The chunks the driver writes and how it reads replies, against recorded replies of the protocol
 * (the lab test lunatik-e2e.sh runs it against /dev/lunatik of the real module).
 */
class LunatikDriverTest {

    final List<String> written = new ArrayList<>();
    final Deque<String> replies = new ArrayDeque<>();
    final LunatikDriver driver = new LunatikDriver(request -> {
        written.add(new String(request, StandardCharsets.UTF_8));
        return replies.removeFirst().getBytes(StandardCharsets.UTF_8);
    }, "/dev/lunatik", LunatikReply.Form.STATUS); // probing: LunatikFormsTest

    @Test
    void listMapsScriptKeysToRuntimeNamesAndKnowsNothingElse() throws Exception {
        replies.add("true\tnet/filter, echod");
        List<RuntimeInfo> list = driver.list();
        assertEquals(List.of("return lunatik.runner.list()"), written);
        assertEquals(List.of("echod", "net.filter"), list.stream().map(RuntimeInfo::name).toList());
        assertEquals("net/filter.lua", list.get(1).script());
        assertEquals("", list.get(1).sha256(), "no sha256 through this protocol");
        assertFalse(driver.reportsDetails());
    }

    @Test
    void anEmptyListIsNoRuntime() throws Exception {
        replies.add("true\t");
        assertEquals(List.of(), driver.list());
    }

    @Test
    void runWritesTheRunnerCallWithTheContextByName() throws Exception {
        replies.add("true\t");
        driver.run(RunSpec.of("net.filter", "net/filter.lua").withContext(Context.SOFTIRQ));
        assertEquals(List.of("lunatik.runner.run(\"net/filter\", \"softirq\")"), written);
    }

    @Test
    void spawnUsesTheRunnersSpawn() throws Exception {
        replies.add("true\t");
        driver.run(RunSpec.of("worker", "worker.lua").withSpawn(true));
        assertEquals(List.of("lunatik.runner.spawn(\"worker\")"), written);
    }

    @Test
    void scriptNamesAreQuotedAsLuaStrings() {
        assertEquals("\"a\\\"b\\\\c\\010\"", LunatikNames.luaString("a\"b\\c\n"));
    }

    @Test
    void runtimesOfDeclaredScriptsAreListedUnderTheirManifestNames() throws Exception {
        driver.expectNames(java.util.Map.of("net/filter.lua", "filter"));
        replies.add("true\tnet/filter, tools/extra");
        assertEquals(List.of("filter", "tools.extra"), driver.list().stream().map(RuntimeInfo::name).toList());
        replies.add("true\tnet/filter");
        replies.add("true\ttrue");
        driver.stop("filter");
        assertEquals("return lunatik.runner.stop(\"net/filter\")", written.get(written.size() - 1));
    }

    @Test
    void aScriptThatIsNotALuaFileIsRefused() {
        KernelException e = assertThrows(KernelException.class, () -> driver.run(RunSpec.of("web", "web.script")));
        assertEquals("runtime web: through /dev/lunatik a script's file must end in .lua (Lunatik loads SCRIPT.lua)",
                e.getMessage());
    }

    @Test
    void aKeyWithNoValidNameIsListedUnderASanitizedOne() throws Exception {
        replies.add("true\tweird dir/a+b");
        assertEquals(List.of("weird_dir.a_b"), driver.list().stream().map(RuntimeInfo::name).toList());
    }

    @Test
    void scriptBytesOutsideAsciiAreDecimalEscapes() {
        assertEquals("\"\\195\\169t\\195\\169\"", LunatikNames.luaString("\u00e9t\u00e9"));
    }

    @Test
    void limitsCannotBeSetThroughThisProtocol() {
        KernelException e = assertThrows(KernelException.class,
                () -> driver.run(RunSpec.of("web", "web.lua").withMemory(1 << 20)));
        assertEquals("runtime web: limits.memory and limits.quota cannot be set through /dev/lunatik", e.getMessage());
    }

    @Test
    void aFailedChunkIsAKernelExceptionWithTheLuaMessage() {
        replies.add("false\tweb is already running");
        KernelException e = assertThrows(KernelException.class, () -> driver.run(RunSpec.of("web", "web.lua")));
        assertEquals(KernelException.EEXIST, e.errno());
        assertEquals("web is already running", e.getMessage());
        replies.add("false\tweb.lua:3: attempt to call a nil value\t(global 'x')");
        e = assertThrows(KernelException.class, () -> driver.run(RunSpec.of("web", "web.lua")));
        assertEquals("web.lua:3: attempt to call a nil value\t(global 'x')", e.getMessage());
    }

    @Test
    void stopFindsTheKeyOfTheNameAndSaysWhenNothingRan() throws Exception {
        replies.add("true\tnet/filter");
        replies.add("true\ttrue");
        driver.stop("net.filter");
        assertEquals(List.of("return lunatik.runner.list()", "return lunatik.runner.stop(\"net/filter\")"), written);
        replies.add("true\t");
        KernelException e = assertThrows(KernelException.class, () -> driver.stop("web"));
        assertEquals(KernelException.ENOENT, e.errno());
    }

    @Test
    void aReplyThatIsNotTheProtocolIsSaidToBeSo() {
        replies.add("{\"ok\":true}");
        KernelException e = assertThrows(KernelException.class, driver::list);
        assertTrue(e.getMessage().startsWith("/dev/lunatik answered \"{\"ok\":true}\""), e.getMessage());
    }

    @Test
    void evalRunsOnlyInTheDriverState() throws Exception {
        replies.add("true\t42\tx");
        assertEquals(List.of("42", "x"), driver.eval("-", "return 42, 'x'"));
        assertThrows(KernelException.class, () -> driver.eval("web", "return 1"));
    }
}
