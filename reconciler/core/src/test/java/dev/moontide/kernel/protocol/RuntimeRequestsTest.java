package dev.moontide.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moontide.kernel.Context;
import dev.moontide.kernel.RunSpec;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The wire text of {@code list}, {@code run} and {@code stop}. */
class RuntimeRequestsTest {

    static Stream<Arguments> wireEncodings() {
        RunSpec hello = RunSpec.of("hello", "hello.lua");
        return Stream.of(
                Arguments.of("list is the bare word", new Request.ListRuntimes(), "list"),
                Arguments.of("run with defaults names the context and nothing else",
                        new Request.Run(hello), "run hello hello.lua context=process"),
                Arguments.of("run spawned in softirq with limits, in the protocol's order",
                        new Request.Run(hello.withContext(Context.SOFTIRQ).withSpawn(true)
                                .withMemory(16L << 20).withQuota(1000)),
                        "run hello hello.lua context=softirq spawn memory=16777216 quota=1000"),
                Arguments.of("run with a script in a subfolder and quota 0 (none)",
                        new Request.Run(RunSpec.of("fw.v2", "net/fw.lua").withQuota(0)),
                        "run fw.v2 net/fw.lua context=process quota=0"),
                Arguments.of("stop names the runtime", new Request.Stop("hello"), "stop hello"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireEncodings")
    void encodesRequestsExactlyAsProtocolV1(String behaviour, Request request, String wire) {
        assertEquals(wire, request.wire());
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of("a space in the script", (Runnable) () -> RunSpec.of("a", "my script.lua"),
                        "script path \"my script.lua\" has a space or control character at index 2;"
                                + " the kernel takes it as one word"),
                Arguments.of("a newline in the script", (Runnable) () -> RunSpec.of("a", "x.lua\nstop b"),
                        "script path \"x.lua?stop b\" has a space or control character at index 5;"
                                + " the kernel takes it as one word"),
                Arguments.of("an empty script", (Runnable) () -> RunSpec.of("a", ""), "script path is empty"),
                Arguments.of("the control runtime's name", (Runnable) () -> RunSpec.of("-", "a.lua"),
                        "\"-\" names the control runtime; choose another name"),
                Arguments.of("a name with a slash", (Runnable) () -> RunSpec.of("a/b", "a.lua"),
                        "runtime name \"a/b\" has invalid character '/' at index 1; allowed are A-Z a-z 0-9 _ . -"),
                Arguments.of("zero memory", (Runnable) () -> RunSpec.of("a", "a.lua").withMemory(0),
                        "memory limit must be positive, was 0"),
                Arguments.of("negative quota", (Runnable) () -> RunSpec.of("a", "a.lua").withQuota(-1),
                        "quota must be 0 (none) or positive, was -1"),
                Arguments.of("stop of the control runtime", (Runnable) () -> new Request.Stop("-"),
                        "the control runtime \"-\" cannot be stopped"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void refusesWhatTheKernelWouldMisreadBeforeWriting(String behaviour, Runnable make, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, make::run).getMessage());
    }

    @Test
    void contextsHaveTheirWireWords() {
        assertEquals("process", Context.PROCESS.wire());
        assertEquals(Context.HARDIRQ, Context.parse("hardirq"));
        assertEquals("unknown context \"irq\"; one of process, softirq, hardirq",
                assertThrows(IllegalArgumentException.class, () -> Context.parse("irq")).getMessage());
    }
}
