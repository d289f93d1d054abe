package dev.moontide.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moontide.drift.Alert;
import dev.moontide.drift.WebhookAlertSink;
import dev.moontide.reconcile.HistoryEntry;
import dev.moontide.reconcile.CycleJson;
import dev.moontide.reconcile.Status;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/** The daemon's REST API under {@code /api}. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ApiResource {

    private final ReconcileService service;
    private final DaemonConfig config;

    @Inject
    public ApiResource(ReconcileService service, DaemonConfig config) {
        this.service = service;
        this.config = config;
    }

    /** Revision, per-runtime sync and health, the last error, in the Ready/Reconciling/Stalled shape. */
    @GET
    @Path("/status")
    public Map<String, Object> status() throws IOException {
        Status s = service.status();
        String error = service.lastError();
        return error == null ? Map.of("status", s, "activeAlerts", service.drift().size())
                : Map.of("status", s, "activeAlerts", service.drift().size(), "lastError", error);
    }

    /** What a cycle would do now: a dry run, which writes nothing. */
    @GET
    @Path("/plan")
    public JsonNode plan() throws IOException {
        return CycleJson.of(service.plan());
    }

    /** Reconciles now and answers with the cycle; {@code force=true} retries a revision that failed. */
    @POST
    @Path("/sync")
    public JsonNode sync(@QueryParam("force") @DefaultValue("false") boolean force) {
        return CycleJson.of(service.cycle(force));
    }

    /** The revisions applied or attempted, newest first. */
    @GET
    @Path("/history")
    public List<HistoryEntry> history() throws IOException {
        return service.history();
    }

    /** The drift alerts active now. */
    @GET
    @Path("/drift")
    public List<Alert> drift() throws IOException {
        return service.drift();
    }

    /**
     * A push notification from the Git server: the body's HMAC-SHA256 under
     * {@code moontide.webhook-secret} must be in {@code X-Hub-Signature-256} (GitHub, Gitea) or
     * {@code X-Moontide-Signature} as {@code sha256=HEX}. Accepted: a cycle starts at once.
     */
    @POST
    @Path("/webhook")
    @jakarta.ws.rs.Consumes(MediaType.WILDCARD)
    public Response webhook(byte[] body, @HeaderParam("X-Hub-Signature-256") String hub,
            @HeaderParam("X-Moontide-Signature") String ours) {
        if (config.webhookSecret().isEmpty()) {
            return Response.status(Response.Status.FORBIDDEN)
                    .entity(Map.of("error", "no moontide.webhook-secret is configured")).build();
        }
        String given = hub != null ? hub : ours;
        String expected = WebhookAlertSink.signature(config.webhookSecret().get(), body == null ? new byte[0] : body);
        if (given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.trim().getBytes(StandardCharsets.US_ASCII))) {
            return Response.status(Response.Status.UNAUTHORIZED).entity(Map.of("error", "bad or missing signature")).build();
        }
        service.webhook();
        return Response.accepted(Map.of("accepted", true)).build();
    }
}
