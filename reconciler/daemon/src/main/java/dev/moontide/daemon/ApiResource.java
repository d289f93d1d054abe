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

    static final String PLAN_HEADER = "X-Moontide-Plan";

    private final ReconcileService service;
    private final WebhookGuard webhooks;
    private final ApiToken token;

    @Inject
    public ApiResource(ReconcileService service, WebhookGuard webhooks, ApiToken token) {
        this.service = service;
        this.webhooks = webhooks;
        this.token = token;
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
     * What a cycle would do now, for a caller with the bearer token: a dry run (a fetch into a
     * temporary folder), which writes nothing and does not wait for a running apply; a recent one
     * is served again. Without an {@code Authorization} header, the last cycle's report, as it
     * ended: a read any local web page can send must not make the daemon fetch or clone
     * ({@code X-Moontide-Plan} says which: {@code fresh} or {@code last-cycle}; 503
     * {@code NoCycleYet} before the first cycle). A header with a wrong token is refused, as for
     * any request.
     */
    @GET
    @Path("/plan")
    public Response plan(@HeaderParam(jakarta.ws.rs.core.HttpHeaders.AUTHORIZATION) String authorization)
            throws IOException {
        if (authorization == null) {
            return service.lastCycle().map(r -> Response.ok(CycleJson.of(r)).header(PLAN_HEADER, "last-cycle").build())
                    .orElseGet(() -> new Refusal(503, "NoCycleYet", "no cycle has run yet; a fresh plan needs the token:"
                            + " Authorization: Bearer <the content of moontide.api.token-file>").response());
        }
        Optional<Refusal> refusal = token.check(authorization);
        if (refusal.isPresent()) {
            return refusal.get().response();
        }
        return Response.ok(CycleJson.of(service.plan())).header(PLAN_HEADER, "fresh").build();
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
