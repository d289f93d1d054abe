package dev.moontide.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTest {

    static Stream<Arguments> wireEncodings() {
        return Stream.of(
                Arguments.of("version is the bare word", new Request.Version(), "version"),
                Arguments.of("eval puts the name on the command line and the chunk after one newline",
                        new Request.Eval("web", "return 40 + 2"), "eval web\nreturn 40 + 2"),
                Arguments.of("eval in the control runtime uses the name -",
                        new Request.Eval(RuntimeName.CONTROL, "return 1"), "eval -\nreturn 1"),
                Arguments.of("a multi-line chunk is sent as it is, trailing newline included",
                        new Request.Eval("a.b_c-9", "local x = 1\nreturn x\n"), "eval a.b_c-9\nlocal x = 1\nreturn x\n"),
                Arguments.of("an empty chunk still gets its separating newline",
                        new Request.Eval("web", ""), "eval web\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireEncodings")
    void encodesRequestsExactlyAsProtocolV1(String behaviour, Request request, String wire) {
        assertEquals(wire, request.wire());
        assertArrayEquals(wire.getBytes(StandardCharsets.UTF_8), request.encode());
    }

    @Test
    void encodesTheChunkAsUtf8() {
        byte[] bytes = new Request.Eval("web", "return \"é\"").encode();
        assertEquals("eval web\nreturn \"\u00e9\"".getBytes(StandardCharsets.UTF_8).length, bytes.length);
        assertEquals((byte) 0xc3, bytes[bytes.length - 3]);
        assertEquals((byte) 0xa9, bytes[bytes.length - 2]);
    }

    @ParameterizedTest(name = "\"{0}\" is a valid runtime name")
    @ValueSource(strings = {
        "-", "web", "Web_1", "a.b-c", "0", "..", "--",
        "a234567890123456789012345678901234567890123456789012345678901234",
    })
    void acceptsNamesOfTheWireAlphabetUpTo64Characters(String name) {
        assertTrue(RuntimeName.isValid(name));
        assertEquals(name, new Request.Eval(name, "return 1").runtime());
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                Arguments.of("", "runtime name is empty"),
                Arguments.of("a2345678901234567890123456789012345678901234567890123456789012345",
                        "runtime name is 65 characters long, at most 64 allowed"),
                Arguments.of("a b", "runtime name \"a b\" has invalid character ' ' at index 1;"
                        + " allowed are A-Z a-z 0-9 _ . -"),
                Arguments.of("lib/x", "runtime name \"lib/x\" has invalid character '/' at index 3;"
                        + " allowed are A-Z a-z 0-9 _ . -"),
                Arguments.of("web\nreturn 1", "runtime name \"web\\u000areturn 1\" has invalid character U+000A"
                        + " at index 3; allowed are A-Z a-z 0-9 _ . -"),
                Arguments.of("caf\u00e9", "runtime name \"caf\u00e9\" has invalid character U+00E9 at index 3;"
                        + " allowed are A-Z a-z 0-9 _ . -"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("invalidNames")
    void refusesInvalidNamesInTheCanonicalConstructorSayingWhy(String name, String message) {
        assertFalse(RuntimeName.isValid(name));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Request.Eval(name, "return 1"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void refusesNullNameAndNullChunk() {
        assertEquals("runtime name is null",
                assertThrows(NullPointerException.class, () -> new Request.Eval(null, "return 1")).getMessage());
        assertEquals("chunk",
                assertThrows(NullPointerException.class, () -> new Request.Eval("web", null)).getMessage());
        assertFalse(RuntimeName.isValid(null));
    }
}
