package dev.moontide.daemon;

import jakarta.enterprise.context.ApplicationScoped;
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
 * state-changing endpoints are off: closed, not open, by default.
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

    @Inject
    public ApiToken(DaemonConfig config) {
        this(Path.of(config.api().tokenFile()));
    }

    ApiToken(Path file) {
        this.file = file;
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
