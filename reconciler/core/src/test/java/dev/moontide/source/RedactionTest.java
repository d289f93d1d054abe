package dev.moontide.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** No credential of a repository URL survives into a message, a status or a log line. */
class RedactionTest {

    static final String SECRET = "s3cr3t-t0ken";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "https://alice:s3cr3t-t0ken@git.example/ops/k.git | https://***@git.example/ops/k.git",
        "https://s3cr3t-t0ken@git.example/k.git            | https://***@git.example/k.git",
        "ssh://git:s3cr3t-t0ken@git.example:22/k.git       | ssh://***@git.example:22/k.git",
        "https://alice:p@ss@s3cr3t-t0ken@git.example/k     | https://***@git.example/k",
        "https://git.example/k.git                         | https://git.example/k.git",
        "git@git.example:ops/k.git                         | git@git.example:ops/k.git",
        "/srv/git/k.git                                    | /srv/git/k.git",
    })
    void urlsLoseTheirUserInformation(String url, String expected) {
        assertEquals(expected, Redaction.url(url));
    }

    /**
     * A password (or user) with a raw {@code / ? # @} or space, unescaped as people paste them:
     * nothing of it survives, alone, in a message, in an exception, or next to another URL.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "?", "#", "@", " ", "/?#@ "})
    void rawSeparatorsInTheUserInformationAreMaskedToo(String c) {
        String user = "us" + c + "er";
        String password = "pa" + c + "ss" + c + "w" + c + "rd";
        String url = "https://" + user + ":" + password + "@git.example/ops/k.git";
        assertEquals("https://***@git.example/ops/k.git", Redaction.url(url));
        assertEquals("https://***@git.example/ops/k.git", Redaction.url("https://" + password + "@git.example/ops/k.git"));
        String message = "cannot fetch " + url + ": not authorized; also https://git.example/other.git";
        assertEquals("cannot fetch https://***@git.example/ops/k.git: not authorized; also https://git.example/other.git",
                Redaction.text(message));
        String quoted = "\"" + url + "\" is not a Git URL: " + url + "\nnext line alice@example.org";
        assertEquals("\"https://***@git.example/ops/k.git\" is not a Git URL: https://***@git.example/ops/k.git"
                + "\nnext line alice@example.org", Redaction.text(quoted));
        Throwable scrubbed = Redaction.scrub(new IllegalStateException(message));
        for (String part : new String[] {"pa" + c + "ss", "ss" + c + "w", "w" + c + "rd", "us" + c + "er"}) {
            assertFalse(Redaction.text(message).contains(part), part);
            assertFalse(scrubbed.getMessage().contains(part), part);
        }
        assertTrue(Redaction.hasCredentials(url));
    }

    @Test
    void everyUrlInAMessageIsRedacted() {
        String m = "cannot fetch https://alice:" + SECRET + "@a.example/x: https://alice@b.example/y: not authorized";
        assertEquals("cannot fetch https://***@a.example/x: https://***@b.example/y: not authorized", Redaction.text(m));
        assertEquals("mail alice@example.org", Redaction.text("mail alice@example.org"));
        assertNull(Redaction.text(null));
    }

    @Test
    void credentialsAreRecognised() {
        assertTrue(Redaction.hasCredentials("https://u:" + SECRET + "@h/x"));
        assertFalse(Redaction.hasCredentials("https://h/x"));
        assertFalse(Redaction.hasCredentials("/srv/git/x"));
    }

    @Test
    void aScrubbedExceptionKeepsItsStackButNotTheSecret() {
        Exception e = new IllegalStateException("at https://u:" + SECRET + "@h/x",
                new java.io.IOException("https://" + SECRET + "@h/x: refused"));
        Throwable s = Redaction.scrub(e);
        StringWriter w = new StringWriter();
        s.printStackTrace(new PrintWriter(w));
        assertFalse(w.toString().contains(SECRET), w.toString());
        assertTrue(w.toString().contains("java.lang.IllegalStateException: at https://***@h/x"));
        assertTrue(w.toString().contains("RedactionTest"), "the stack trace is kept");
    }

    /** A real JGit fetch of an unreachable https URL with credentials: the error names the host, not the token. */
    @Test
    void aFetchErrorNeverQuotesTheCredentials(@TempDir Path cache) {
        GitSource source = new GitSource("https://alice:" + SECRET + "@127.0.0.1:1/ops/k.git", "main", cache);
        SourceException e = assertThrows(SourceException.class, () -> TestRepos.fetch(source));
        assertTrue(e.getMessage().contains("https://***@127.0.0.1:1/ops/k.git"), e.getMessage());
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        assertFalse(w.toString().contains(SECRET), w.toString());
        assertFalse(w.toString().contains("alice"), w.toString());
    }
}
