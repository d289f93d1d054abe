package dev.moontide.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that hides credentials in URLs: {@code https://user:token@host/x} becomes
 * {@code https://***@host/x}, as does {@code ssh://user:pw@host/x}. Anything that prints, logs,
 * returns or measures a URL, or a message that may quote one (JGit's exceptions do), goes
 * through here first. The user name goes too: with a token it is often the secret itself.
 */
public final class Redaction {

    public static final String MASK = "***";

    /** Where a URL's scheme ends: {@code https://}, {@code ssh://}, {@code git+ssh://}. */
    private static final String SCHEME = "[A-Za-z][A-Za-z0-9+.-]*://";

    /**
     * A scheme, then user information up to the <em>last</em> {@code @} on the same line before
     * the next URL (a scheme after a space, a quote or a bracket). A password is not always
     * escaped: it may hold a raw {@code / ? # @}, a space or a quote, so no character but a line
     * break ends it; where a message quotes a URL without user information, then an {@code @}
     * further on the line, a little too much is masked, which is the side to err on.
     */
    private static final Pattern USERINFO = Pattern.compile("(" + SCHEME + ")(?:(?![\\s\"'<(\\[]+" + SCHEME
            + ")[^\\r\\n])*@");

    private Redaction() {
    }

    /**
     * {@code url} with its user information masked, up to its last {@code @} whatever lies
     * between (one URL: no other can follow it); null stays null.
     */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme || !url.substring(0, scheme + 3).matches(SCHEME)) {
            return text(url);
        }
        return url.substring(0, scheme + 3) + MASK + url.substring(at);
    }

    /** Every URL in {@code text} with its user information masked; null stays null. */
    public static String text(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        return USERINFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    }

    /** Whether {@code url} carries user information (a user name, a password or a token) before its host. */
    public static boolean hasCredentials(String url) {
        return url != null && !text(url).equals(url);
    }

    /**
     * {@code e} and its causes, with every message redacted and the stack traces kept: what may
     * be logged or kept when the original's messages quote a URL with credentials.
     */
    public static Throwable scrub(Throwable e) {
        if (e == null) {
            return null;
        }
        Redacted copy = new Redacted(e.getClass().getName() + (e.getMessage() == null ? "" : ": " + text(e.getMessage())),
                e.getCause() == e ? null : scrub(e.getCause()));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** A throwable's redacted stand-in: its message names the original class. */
    static final class Redacted extends Exception {
        private static final long serialVersionUID = 1L;

        Redacted(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
