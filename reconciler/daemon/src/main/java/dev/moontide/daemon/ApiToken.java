package dev.moontide.daemon;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bearer token that state-changing requests must carry, read from {@code moontide.api.token-file}
 * at each check (a rotation needs no restart; the file is tiny). Never from the command line,
 * where every user can read it in {@code /proc/PID/cmdline}. Without a usable file the
 * state-changing endpoints are off: closed, not open, by default. A file that exists but others
 * could read or write (group or other permission bits, or owned by a user that is neither the
 * daemon's nor root) stops the daemon at start ({@link #checkAtStart()}), and is refused at each
 * request if it becomes so later: its token is as good as public.
 */
@ApplicationScoped
public class ApiToken {

    /** 32 characters: {@code openssl rand -hex 32} gives 64. */
    static final int MIN_LENGTH = 32;
    /** RFC 6750's b64token after the scheme. */
    private static final Pattern BEARER = Pattern.compile("(?i:bearer) ([A-Za-z0-9._~+/-]+=*)");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path file;
    /** The user the daemon runs as: the file's owner must be this user or root. */
    private final String user;

    @Inject
    public ApiToken(DaemonConfig config) {
        this(Path.of(config.api().tokenFile()), System.getProperty("user.name"));
    }

    ApiToken(Path file, String user) {
        this.file = file;
        this.user = user;
    }

    void onStart(@Observes StartupEvent start) {
        checkAtStart();
    }

    /**
     * Refuses to start with a token file that exists but cannot be used (others may read it, it
     * belongs to another user, it holds no valid token): better no daemon than one whose door
     * opens to whoever read the file. Without the file the daemon starts, its state-changing
     * endpoints off.
     *
     * @throws IllegalStateException saying what is wrong and how to fix it
     */
    void checkAtStart() {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            read();
        } catch (Unusable e) {
            throw new IllegalStateException("refusing to start: " + e.getMessage()
                    + " (moontide.api.token-file)");
        }
    }

    /** Empty if {@code authorization} (the request's header, or null) carries the token; else why not. */
    Optional<Refusal> check(String authorization) {
        byte[] expected;
        try {
            expected = read();
        } catch (Unusable e) {
            return Optional.of(Refusal.forbidden(e.reason, "state-changing requests are disabled: " + e.getMessage()));
        }
        if (authorization == null || authorization.isBlank()) {
            return Optional.of(Refusal.unauthorized("TokenMissing",
                    "this request changes state: send Authorization: Bearer <the content of " + file + ">"));
        }
        Matcher m = BEARER.matcher(authorization.strip());
        if (!m.matches()) {
            return Optional.of(Refusal.unauthorized("TokenMalformed",
                    "the Authorization header must be: Bearer <the content of " + file + ">"));
        }
        // digests first: equal lengths, so the comparison's time says nothing about the token's length either
        if (!MessageDigest.isEqual(sha256(m.group(1).getBytes(StandardCharsets.US_ASCII)), sha256(expected))) {
            return Optional.of(Refusal.forbidden("TokenWrong", "the bearer token is not the one in " + file));
        }
        return Optional.empty();
    }

    private byte[] read() throws Unusable {
        String token;
        try {
            if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null
                    && Files.getPosixFilePermissions(file).stream().anyMatch(OTHERS::contains)) {
                throw new Unusable("TokenFileInsecure", file + " may be read by others than its owner: chmod 600 " + file);
            }
            String owner = Files.getOwner(file).getName();
            if (!owner.equals(user) && !owner.equals("root")) {
                // its owner could read or replace it (and the token with it)
                throw new Unusable("TokenFileInsecure", file + " belongs to " + owner + ", neither this daemon's user ("
                        + user + ") nor root: chown " + user + " " + file);
            }
            token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new Unusable("TokenFileMissing", "no API token file " + file + "; create one: "
                    + "(umask 077; openssl rand -hex 32 > " + file + ") (or set moontide.api.token-file)");
        } catch (IOException e) {
            throw new Unusable("TokenFileUnreadable", "cannot read the API token file " + file + ": " + e.getMessage());
        }
        if (token.length() < MIN_LENGTH || !BEARER.matcher("Bearer " + token).matches()) {
            throw new Unusable("TokenFileInvalid", file + " must hold one token of at least " + MIN_LENGTH
                    + " characters of A-Z a-z 0-9 . _ ~ + / - (openssl rand -hex 32)");
        }
        return token.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The token file cannot be used; the state-changing endpoints stay off. */
    private static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;

        Unusable(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
