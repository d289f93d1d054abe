package dev.moontide.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResponseParserTest {

    private static final Request VERSION = new Request.Version();
    private static final Request EVAL = new Request.Eval("web", "return 42, nil");

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of("version answer becomes VersionInfo", VERSION,
                        "{\"ok\":true,\"moontide\":\"0.1.0\",\"lua\":\"Lua 5.4-kernel\",\"protocol\":1}",
                        new Response.VersionInfo("0.1.0", "Lua 5.4-kernel", 1)),
                Arguments.of("eval answer becomes EvalResults in order", EVAL,
                        "{\"ok\":true,\"results\":[\"42\",\"nil\"]}",
                        new Response.EvalResults(List.of("42", "nil"))),
                Arguments.of("eval with no return values has empty results", EVAL,
                        "{\"ok\":true,\"results\":[]}",
                        new Response.EvalResults(List.of())),
                Arguments.of("failure to any request becomes Failure", EVAL,
                        "{\"ok\":false,\"errno\":22,\"error\":\"text\"}",
                        new Response.Failure(22, "text")),
                Arguments.of("failure to version too", VERSION,
                        "{\"ok\":false,\"errno\":2,\"error\":\"no such runtime\"}",
                        new Response.Failure(2, "no such runtime")),
                Arguments.of("fields added by a later protocol are ignored", VERSION,
                        "{\"ok\":true,\"moontide\":\"0.2.0\",\"lua\":\"Lua 5.4-kernel\",\"protocol\":1,\"build\":\"x\"}",
                        new Response.VersionInfo("0.2.0", "Lua 5.4-kernel", 1)),
                Arguments.of("whitespace and a trailing newline are fine", EVAL,
                        " {\"ok\": true, \"results\": [\"a\\nb\"]}\n",
                        new Response.EvalResults(List.of("a\nb"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void parsesKernelAnswersIntoRecords(String behaviour, Request request, String json, Response expected)
            throws MalformedResponseException {
        assertEquals(expected, ResponseParser.parse(request, json));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty text", EVAL, "", "response is empty"),
                Arguments.of("blank text", EVAL, " \n", "response is empty"),
                Arguments.of("JSON array instead of object", EVAL, "[\"42\"]",
                        "response is a JSON array, not an object"),
                Arguments.of("JSON string instead of object", EVAL, "\"ok\"",
                        "response is a JSON string, not an object"),
                Arguments.of("missing ok", EVAL, "{\"results\":[]}",
                        "response field \"ok\" is missing"),
                Arguments.of("ok as a string", EVAL, "{\"ok\":\"true\",\"results\":[]}",
                        "response field \"ok\" must be a boolean, was string \"true\""),
                Arguments.of("version answer without lua", VERSION, "{\"ok\":true,\"moontide\":\"0.1.0\",\"protocol\":1}",
                        "response field \"lua\" is missing"),
                Arguments.of("protocol as a string", VERSION,
                        "{\"ok\":true,\"moontide\":\"0.1.0\",\"lua\":\"Lua 5.4-kernel\",\"protocol\":\"1\"}",
                        "response field \"protocol\" must be an integer, was string \"1\""),
                Arguments.of("protocol as a fraction", VERSION,
                        "{\"ok\":true,\"moontide\":\"0.1.0\",\"lua\":\"Lua 5.4-kernel\",\"protocol\":1.5}",
                        "response field \"protocol\" must be an integer, was number 1.5"),
                Arguments.of("eval answer without results", EVAL, "{\"ok\":true}",
                        "response field \"results\" is missing"),
                Arguments.of("results as an object", EVAL, "{\"ok\":true,\"results\":{}}",
                        "response field \"results\" must be an array of strings, was object {}"),
                Arguments.of("a result that is not a string", EVAL, "{\"ok\":true,\"results\":[\"42\",42]}",
                        "response field \"results\"[1] must be a string, was number 42"),
                Arguments.of("a null result", EVAL, "{\"ok\":true,\"results\":[null]}",
                        "response field \"results\"[0] must be a string, was null null"),
                Arguments.of("failure without errno", EVAL, "{\"ok\":false,\"error\":\"text\"}",
                        "response field \"errno\" is missing"),
                Arguments.of("failure with a negative errno", EVAL, "{\"ok\":false,\"errno\":-22,\"error\":\"text\"}",
                        "response field \"errno\" must be positive, was -22"),
                Arguments.of("failure with errno beyond int", EVAL,
                        "{\"ok\":false,\"errno\":9999999999,\"error\":\"text\"}",
                        "response field \"errno\" must be an integer, was number 9999999999"),
                Arguments.of("failure without error text", EVAL, "{\"ok\":false,\"errno\":22}",
                        "response field \"error\" is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesAnswersThatBreakTheProtocolNamingTheField(String behaviour, Request request, String json,
            String message) {
        MalformedResponseException e = assertThrows(MalformedResponseException.class,
                () -> ResponseParser.parse(request, json));
        assertEquals(message, e.getMessage());
    }

    /** Columns are 1-based; the reason is the JSON parser's own, checked by a stable word of it. */
    static Stream<Arguments> invalidJson() {
        return Stream.of(
                Arguments.of("truncated object", "{\"ok\":true,\"results\":[\"42\"",
                        "line 1, column 27", "end-of-input"),
                Arguments.of("unquoted key", "{ok:true}", "line 1, column 2", "double-quote"),
                Arguments.of("a second object after the first", "{\"ok\":true,\"results\":[]}{}",
                        "line 1, column 25", "Trailing token"),
                Arguments.of("duplicate key", "{\"ok\":true,\"ok\":false}", "line 1, column 16",
                        "Duplicate field 'ok'"),
                Arguments.of("error on the second line", "{\"ok\":true,\n\"results\":[,]}",
                        "line 2, column 12", "Unexpected character"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidJson")
    void refusesInvalidJsonSayingWhereAndWhy(String behaviour, String json, String where, String reason) {
        MalformedResponseException e = assertThrows(MalformedResponseException.class,
                () -> ResponseParser.parse(EVAL, json));
        String prefix = "response is not valid JSON at " + where + ": ";
        assertTrue(e.getMessage().startsWith(prefix), () -> "message was: " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), () -> "message was: " + e.getMessage());
    }

    @Test
    void keepsEvalResultsImmutable() throws MalformedResponseException {
        Response.EvalResults results = (Response.EvalResults) ResponseParser.parse(EVAL,
                "{\"ok\":true,\"results\":[\"1\"]}");
        assertThrows(UnsupportedOperationException.class, () -> results.results().add("2"));
    }
}
