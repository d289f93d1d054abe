package dev.moontide.daemon;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Admits a {@code POST /api/webhook}: its {@code X-Moontide-Signature} is {@code sha256=HEX}, the
 * HMAC-SHA256 under {@code moontide.webhook-secret} of {@code TIMESTAMP.DELIVERY.BODY}, where
 * {@code X-Moontide-Timestamp} is Unix seconds within {@code moontide.webhook-window} of now and
 * {@code X-Moontide-Delivery} an id not seen within the window. The HMAC covers both, so a
 * captured request can be neither replayed as it is nor re-stamped. A body-only signature
 * (GitHub's {@code X-Hub-Signature-256}) is refused: nothing stops its replay.
 */
@ApplicationScoped
public class WebhookGuard {

    static final int CAPACITY = 10_000;
    // no '.': it separates the signed fields, and an id holding one could be re-split with the
    // body's start into a "new" id under the same HMAC (a replay within the window)
    private static final Pattern DELIVERY = Pattern.compile("[A-Za-z0-9_:-]{1,128}");
    private static final String HEADERS = "send X-Moontide-Timestamp (Unix seconds), X-Moontide-Delivery (a unique id) "
            + "and X-Moontide-Signature: sha256=HMAC-SHA256(secret, TIMESTAMP.DELIVERY.BODY)";

    private final Optional<String> secret;
    private final Duration window;
    private final Clock clock;
    private final DeliveryLog seen;

    @Inject
    public WebhookGuard(DaemonConfig config) {
        this(config.webhookSecret(), config.webhookWindow(), Clock.systemUTC());
    }

    WebhookGuard(Optional<String> secret, Duration window, Clock clock) {
        this.secret = secret.filter(s -> !s.isEmpty());
        this.window = window;
        this.clock = clock;
        this.seen = new DeliveryLog(window, CAPACITY);
    }

    /** Empty if the request is authentic, fresh and new; else why it is refused. */
    Optional<Refusal> admit(byte[] body, String timestamp, String delivery, String signature, String hubSignature) {
        if (secret.isEmpty()) {
            return Optional.of(Refusal.forbidden("WebhookDisabled", "no moontide.webhook-secret is configured"));
        }
        if (signature == null && hubSignature != null) {
            return Optional.of(Refusal.unauthorized("Unstamped",
                    "X-Hub-Signature-256 signs the body only, so it could be replayed: " + HEADERS));
        }
        if (signature == null || timestamp == null || delivery == null) {
            return Optional.of(Refusal.unauthorized("SignatureMissing", "missing signature headers: " + HEADERS));
        }
        String expected = signature(secret.get(), timestamp, delivery, body);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.strip().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(Refusal.unauthorized("SignatureInvalid", "bad signature: " + HEADERS));
        }
        Instant now = clock.instant();
        Optional<Instant> stamped = seconds(timestamp);
        if (stamped.isEmpty() || Duration.between(stamped.get(), now).abs().compareTo(window) > 0) {
            return Optional.of(Refusal.unauthorized("StaleTimestamp", "X-Moontide-Timestamp " + timestamp
                    + " is not within " + window.toSeconds() + " s of the daemon's clock (" + now.getEpochSecond() + ")"));
        }
        if (!DELIVERY.matcher(delivery).matches()) {
            return Optional.of(new Refusal(400, "DeliveryInvalid", "X-Moontide-Delivery must be 1 to 128 of A-Z a-z 0-9 _ : - (no dot)"));
        }
        return switch (seen.record(delivery, now)) {
            case FIRST -> Optional.empty();
            case REPLAYED -> Optional.of(new Refusal(409, "Replayed", "delivery " + delivery + " was received already"));
            case FULL -> Optional.of(new Refusal(429, "TooManyDeliveries",
                    "more than " + CAPACITY + " deliveries within " + window.multipliedBy(2).toSeconds() + " s"));
        };
    }

    /** {@code sha256=HEX} of {@code TIMESTAMP.DELIVERY.BODY} under {@code secret}: what a sender puts in X-Moontide-Signature. */
    static String signature(String secret, String timestamp, String delivery, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + "." + delivery + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body == null ? new byte[0] : body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private static Optional<Instant> seconds(String timestamp) {
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(timestamp.strip())));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
