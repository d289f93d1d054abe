package dev.moontide.source;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The user name and password (or token) of an https repository, read from a file so that the
 * URL that is configured, passed to processes and shown carries none. The file takes git's
 * credential format, {@code username=...} and {@code password=...} lines (what
 * {@code git credential fill} prints), and may be read by its owner only.
 */
public record GitCredentials(String username, String password) {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    public GitCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** Reads {@code file}; refuses one that others may read or that names no password. */
    public static GitCredentials read(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null
                && Files.getPosixFilePermissions(file).stream().anyMatch(OTHERS::contains)) {
            throw new IOException(file + " may be read by others than its owner: chmod 600 " + file);
        }
        String username = "";
        String password = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("username=")) {
                username = line.substring("username=".length());
            } else if (line.startsWith("password=")) {
                password = line.substring("password=".length());
            }
        }
        if (password == null || password.isEmpty()) {
            throw new IOException(file + " has no password= line (git's credential format: username=..., password=...)");
        }
        return new GitCredentials(username, password);
    }

    /**
     * {@code url} with these credentials as its user information, for JGit alone (never print
     * it unredacted): an http(s) URL without credentials of its own.
     */
    public String into(String url) {
        int scheme = url.indexOf("://");
        String s = scheme < 0 ? "" : url.substring(0, scheme).toLowerCase(java.util.Locale.ROOT);
        if (!s.equals("https") && !s.equals("http")) {
            throw new IllegalArgumentException("a credentials file is for http(s) repositories, not " + Redaction.url(url)
                    + " (ssh takes keys from ~/.ssh)");
        }
        if (Redaction.hasCredentials(url)) {
            throw new IllegalArgumentException(Redaction.url(url) + " carries credentials already; keep them in one place");
        }
        return url.substring(0, scheme + 3) + encode(username) + ":" + encode(password) + "@" + url.substring(scheme + 3);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A record prints its components; this one's are secret. */
    @Override
    public String toString() {
        return "GitCredentials[" + Redaction.MASK + "]";
    }
}
