package dev.moontide.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver over a scripted transport: what it writes, how it reads answers and failures. */
class DeviceDriverTest {

    /** Answers each exchange with the next canned text and records what was written. */
    static final class Scripted implements Transport {
        final List<String> written = new ArrayList<>();
        final List<String> answers;

        Scripted(String... answers) {
            this.answers = new ArrayList<>(List.of(answers));
        }

        @Override
        public byte[] exchange(byte[] request) {
            written.add(new String(request, StandardCharsets.UTF_8));
            return answers.remove(0).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void versionListRunStopAndEvalWriteOneRequestEach() throws KernelException {
        String hello = RuntimeResponsesFixture.HELLO_JSON;
        Scripted t = new Scripted(
                "{\"ok\":true,\"moontide\":\"0.1.0\",\"lua\":\"Lua 5.4-kernel\",\"protocol\":1}\n",
                "{\"ok\":true,\"runtime\":" + hello + "}\n",
                "{\"ok\":true,\"runtimes\":[" + hello + "]}\n",
                "{\"ok\":true,\"results\":[\"42\",\"nil\"]}\n",
                "{\"ok\":true}\n");
        DeviceDriver d = new DeviceDriver(t);
        assertEquals(new KernelVersion("0.1.0", "Lua 5.4-kernel", 1), d.version());
        assertEquals("hello", d.run(RunSpec.of("hello", "hello.lua").withMemory(1 << 20)).name());
        assertEquals(List.of("hello"), d.list().stream().map(RuntimeInfo::name).toList());
        assertEquals(List.of("42", "nil"), d.eval("hello", "return 6 * 7, nil"));
        d.stop("hello");
        assertEquals(List.of("version", "run hello hello.lua context=process memory=1048576", "list",
                "eval hello\nreturn 6 * 7, nil", "stop hello"), t.written);
    }

    @Test
    void aFailureBecomesAKernelExceptionWithErrnoKindAndText() {
        DeviceDriver d = new DeviceDriver(new Scripted(
                "{\"ok\":false,\"errno\":8,\"kind\":\"syntax\",\"error\":\"eval:1: unexpected symbol near <eof>\"}"));
        KernelException e = assertThrows(KernelException.class, () -> d.eval("-", "return"));
        assertEquals(8, e.errno());
        assertEquals("syntax", e.kind());
        assertEquals("eval:1: unexpected symbol near <eof>", e.getMessage());
        assertTrue(e.incompleteChunk());
    }

    @Test
    void aFailureWithoutKindGetsTheKindOfItsErrno() {
        DeviceDriver d = new DeviceDriver(new Scripted("{\"ok\":false,\"errno\":62,\"error\":\"quota\"}"));
        assertEquals("quota", assertThrows(KernelException.class, () -> d.eval("-", "while true do end")).kind());
    }

    @Test
    void aSyntaxErrorInsideTheChunkIsNotIncomplete() {
        KernelException e = new KernelException(8, "syntax", "eval:1: unexpected symbol near '+'");
        assertFalse(e.incompleteChunk());
        assertFalse(new KernelException(125, "runtime", "error near <eof>").incompleteChunk());
    }

    @Test
    void aMalformedAnswerIsAProtocolErrorNamingTheCommand() {
        DeviceDriver d = new DeviceDriver(new Scripted("{\"ok\":true}"));
        KernelException e = assertThrows(KernelException.class, d::list);
        assertEquals("protocol", e.kind());
        assertEquals("the kernel's answer to list breaks protocol v1: response field \"runtimes\" is missing",
                e.getMessage());
    }

    @Test
    void enosysIsUnsupported() {
        DeviceDriver d = new DeviceDriver(new Scripted(
                "{\"ok\":false,\"errno\":38,\"kind\":\"request\",\"error\":\"list: not in this build\"}"));
        assertTrue(assertThrows(KernelException.class, d::list).unsupported());
    }
}
