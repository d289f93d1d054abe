package dev.moontide.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moontide.drift.Alert;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The daemon's REST API under {@code /api}. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ApiResource {

    private final ReconcileService service;
    private final WebhookGuard webhooks;

    @Inject
    public ApiResource(ReconcileService service, WebhookGuard webhooks) {
        this.service = service;
        this.webhooks = webhooks;
    }

    /** Revision, per-runtime sync and health, the last error, in the Ready/Reconciling/Stalled shape. */
    @GET
    @Path("/status")
    public Map<String, Object> status() throws IOException {
        Status s = RedactedStatus.of(service.status());
        String error = service.lastError();
        return error == null ? Map.of("status", s, "activeAlerts", service.drift().size())
                : Map.of("status", s, "activeAlerts", service.drift().size(), "lastError", error);
    }

    /**
     * What a cycle would do now: a dry run, which writes nothing and does not wait for a running
     * apply (a recent one is served again, so that reads cannot make the daemon clone repeatedly).
     */
    @GET
    @Path("/plan")
    public JsonNode plan() throws IOException {
        return CycleJson.of(service.plan());
    }

    /**
     * Reconciles now and answers with the cycle; {@code force=true} retries a revision that failed.
     * Needs the bearer token ({@link ApiGuard}), like every request that changes state.
     */
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
     * A push notification from the Git server, authenticated by {@link WebhookGuard} (an HMAC over
     * timestamp, delivery id and body; a replay is refused). Accepted: a cycle starts at once.
     */
    @POST
    @Path("/webhook")
    @HmacAuthenticated
    @jakarta.ws.rs.Consumes(MediaType.WILDCARD)
    public Response webhook(byte[] body, @HeaderParam("X-Moontide-Timestamp") String timestamp,
            @HeaderParam("X-Moontide-Delivery") String delivery, @HeaderParam("X-Moontide-Signature") String signature,
            @HeaderParam("X-Hub-Signature-256") String hub) {
        Optional<Refusal> refusal = webhooks.admit(body, timestamp, delivery, signature, hub);
        if (refusal.isPresent()) {
            return refusal.get().response();
        }
        service.webhook();
        return Response.accepted(Map.of("accepted", true)).build();
    }
}
