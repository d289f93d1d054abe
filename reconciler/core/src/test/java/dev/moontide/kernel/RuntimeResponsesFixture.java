package dev.moontide.kernel;

/** A RUNTIME object as the kernel writes it, for tests outside the protocol package. */
public final class RuntimeResponsesFixture {
    public static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    public static final String HELLO_JSON = "{\"name\":\"hello\",\"script\":\"hello.lua\",\"sha256\":\"" + SHA + "\","
            + "\"context\":\"process\",\"spawn\":false,\"state\":\"running\",\"started_ns\":123456789,"
            + "\"memory\":24576,\"memory_limit\":16777216,\"quota\":100000000,\"error\":null,"
            + "\"uid\":0,\"comm\":\"java\"}";

    private RuntimeResponsesFixture() {
    }
}
