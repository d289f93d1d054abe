package dev.moontide.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moontide.kernel.Context;
import dev.moontide.kernel.RunSpec;
import dev.moontide.kernel.RunState;
import dev.moontide.kernel.RuntimeResponsesFixture;
import dev.moontide.kernel.RuntimeInfo;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing the answers to {@code list}, {@code run} and {@code stop}, and failures with a kind. */
class RuntimeResponsesTest {

    static final String SHA = RuntimeResponsesFixture.SHA;
    static final String HELLO_JSON = RuntimeResponsesFixture.HELLO_JSON;
    static final RuntimeInfo HELLO = new RuntimeInfo("hello", "hello.lua", SHA, Context.PROCESS, false,
            RunState.RUNNING, 123456789L, 24576L, 16777216L, 100000000L, null, 0, "java");
    static final RuntimeInfo TICK = new RuntimeInfo("tick", "tick.lua", SHA, Context.SOFTIRQ, true,
            RunState.FAILED, 1L, 8192L, 1048576L, 1000000L, "tick.lua:3: boom", 1000, "moontide");

    static final Request LIST = new Request.ListRuntimes();
    static final Request RUN = new Request.Run(RunSpec.of("hello", "hello.lua"));
    static final Request STOP = new Request.Stop("hello");

    static Stream<Arguments> wellFormed() {
        String tick = "{\"name\":\"tick\",\"script\":\"tick.lua\",\"sha256\":\"" + SHA + "\","
                + "\"context\":\"softirq\",\"spawn\":true,\"state\":\"failed\",\"started_ns\":1,"
                + "\"memory\":8192,\"memory_limit\":1048576,\"quota\":1000000,\"error\":\"tick.lua:3: boom\","
                + "\"uid\":1000,\"comm\":\"moontide\",\"cpu\":3}";
        return Stream.of(
                Arguments.of("an empty list", LIST, "{\"ok\":true,\"runtimes\":[]}\n",
                        new Response.RuntimeList(List.of())),
                Arguments.of("a list keeps the kernel's order; unknown fields are ignored", LIST,
                        "{\"ok\":true,\"runtimes\":[" + HELLO_JSON + "," + tick + "]}",
                        new Response.RuntimeList(List.of(HELLO, TICK))),
                Arguments.of("run answers the runtime it started", RUN,
                        "{\"ok\":true,\"runtime\":" + HELLO_JSON + "}", new Response.Started(HELLO)),
                Arguments.of("a list shows runtimes starting and stopping (listed from run until gone)", LIST,
                        "{\"ok\":true,\"runtimes\":[" + HELLO_JSON.replace("\"running\"", "\"starting\"") + ","
                        + tick.replace("\"failed\"", "\"stopping\"") + "]}",
                        new Response.RuntimeList(List.of(withState(HELLO, RunState.STARTING),
                                withState(TICK, RunState.STOPPING)))),
                Arguments.of("stop answers ok", STOP, "{\"ok\":true}", new Response.Stopped()),
                Arguments.of("a failure keeps its kind", RUN,
                        "{\"ok\":false,\"errno\":8,\"kind\":\"syntax\",\"error\":\"hello.lua:1: unexpected symbol\"}",
                        new Response.Failure(8, "syntax", "hello.lua:1: unexpected symbol")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void parsesAnswersIntoRecords(String behaviour, Request request, String json, Response expected)
            throws MalformedResponseException {
        assertEquals(expected, ResponseParser.parse(request, json));
    }

    static Stream<Arguments> malformed() {
        String noSha = HELLO_JSON.replace("\"sha256\":\"" + SHA + "\",", "");
        return Stream.of(
                Arguments.of("list without runtimes", LIST, "{\"ok\":true}", "response field \"runtimes\" is missing"),
                Arguments.of("runtimes as an object", LIST, "{\"ok\":true,\"runtimes\":{}}",
                        "response field \"runtimes\" must be an array of runtimes, was object {}"),
                Arguments.of("a runtime that is a string", LIST, "{\"ok\":true,\"runtimes\":[\"hello\"]}",
                        "response field \"runtimes\"[0] must be an object, was string \"hello\""),
                Arguments.of("a runtime without sha256", LIST, "{\"ok\":true,\"runtimes\":[" + noSha + "]}",
                        "\"runtimes\"[0]: response field \"sha256\" is missing"),
                Arguments.of("an unknown context", RUN,
                        "{\"ok\":true,\"runtime\":" + HELLO_JSON.replace("\"process\"", "\"nmi\"") + "}",
                        "\"runtime\": unknown context \"nmi\"; one of process, softirq, hardirq"),
                Arguments.of("an unknown state", RUN,
                        "{\"ok\":true,\"runtime\":" + HELLO_JSON.replace("\"running\"", "\"zombie\"") + "}",
                        "\"runtime\": unknown state \"zombie\"; one of running, finished, failed, starting, stopping"),
                Arguments.of("memory as a string", RUN,
                        "{\"ok\":true,\"runtime\":" + HELLO_JSON.replace("24576", "\"24K\"") + "}",
                        "\"runtime\": response field \"memory\" must be an integer, was string \"24K\""),
                Arguments.of("error missing rather than null", RUN,
                        "{\"ok\":true,\"runtime\":" + HELLO_JSON.replace("\"error\":null,", "") + "}",
                        "\"runtime\": response field \"error\" is missing"),
                Arguments.of("run without runtime", RUN, "{\"ok\":true}", "response field \"runtime\" is missing"),
                Arguments.of("kind as a number", STOP, "{\"ok\":false,\"errno\":2,\"kind\":2,\"error\":\"x\"}",
                        "response field \"kind\" must be a string, was number 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesAnswersThatBreakTheProtocolNamingTheField(String behaviour, Request request, String json,
            String message) {
        assertEquals(message, assertThrows(MalformedResponseException.class,
                () -> ResponseParser.parse(request, json)).getMessage());
    }

    static RuntimeInfo withState(RuntimeInfo r, RunState state) {
        return new RuntimeInfo(r.name(), r.script(), r.sha256(), r.context(), r.spawn(), state, r.startedNs(),
                r.memory(), r.memoryLimit(), r.quota(), r.error(), r.uid(), r.comm());
    }

    @Test
    void ageIsNeverNegative() {
        assertEquals(1000L, HELLO.ageNs(123457789L));
        assertEquals(0L, HELLO.ageNs(0L));
    }
}
