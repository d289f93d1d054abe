package dev.moontide.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moontide.source.Redaction;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alerts as JSON POSTs to one of the operator's {@link AlertDestination}s, with a timeout and
 * retries (1 s, 2 s, 4 s... apart); the body is signed with HMAC-SHA256 in
 * {@code X-Moontide-Signature: sha256=HEX} when the destination has a key. Sent in order from one background thread, off the reconcile cycle.
 */
public final class WebhookAlertSink implements AlertSink {

    private static final System.Logger LOG = System.getLogger("dev.moontide.drift");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertDestination hook;
    private final HttpClient client;
    private final long backoffMillis;

    public WebhookAlertSink(AlertDestination hook, long backoffMillis) {
        this.hook = hook;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(hook.timeoutSeconds())).build();
        this.backoffMillis = backoffMillis;
    }

    /** One sender thread for all webhooks: a slow receiver delays alerts, never a reconcile cycle. */
    private static final java.util.concurrent.ExecutorService SENDER = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "moontide-alert-webhooks");
                t.setDaemon(true);
                return t;
            });

    @Override
    public void fired(Alert alert) {
        SENDER.submit(() -> post("fired", alert));
    }

    @Override
    public void resolved(Alert alert) {
        SENDER.submit(() -> post("resolved", alert));
    }

    /** The JSON body of an alert event. */
    public static String body(String event, Alert alert) {
        ObjectNode o = JSON.createObjectNode();
        Drift d = alert.drift();
        o.put("event", event);
        o.put("subject", d.subject());
        o.put("cause", d.cause().name());
        o.put("kind", d.kind().name().toLowerCase(java.util.Locale.ROOT));
        o.put("sha256", d.sha256());
        o.put("detail", d.detail());
        o.put("since", alert.since().toString());
        return o.toString();
    }

    /** {@code sha256=HEX} of the HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java has HmacSHA256", e);
        }
    }

    /** Whether the POST was accepted (2xx) within the retries. */
    boolean post(String event, Alert alert) {
        byte[] body = body(event, alert).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder req = HttpRequest.newBuilder(hook.url())
                .timeout(Duration.ofSeconds(hook.timeoutSeconds()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (hook.hmacKey() != null) {
            req.header("X-Moontide-Signature", signature(hook.hmacKey(), body));
        }
        String last = "";
        for (int attempt = 0; attempt <= hook.retries(); attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(backoffMillis << (attempt - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            try {
                HttpResponse<Void> r = client.send(req.build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    return true;
                }
                last = "HTTP " + r.statusCode();
            } catch (java.io.IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        LOG.log(Level.WARNING, "alert destination " + Redaction.text(String.valueOf(hook)) + " failed after "
                + (hook.retries() + 1) + " attempts: " + Redaction.text(last));
        return false;
    }
}
