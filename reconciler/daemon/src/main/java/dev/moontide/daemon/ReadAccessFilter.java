package dev.moontide.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@link ReadAccess} on every route of the HTTP server, {@code /q/*} included, before any handler runs. */
@ApplicationScoped
public class ReadAccessFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReadAccess access;

    @Inject
    public ReadAccessFilter(@ConfigProperty(name = "quarkus.http.host") String bindHost, ApiToken token) {
        this.access = new ReadAccess(bindHost, token::check);
    }

    void register(@Observes Filters filters) {
        // high priority: before Quarkus' own routes (health, metrics) and the REST layer
        filters.register(this::filter, 1000);
    }

    private void filter(RoutingContext rc) {
        HttpServerRequest r = rc.request();
        String client = r.remoteAddress() == null ? null : r.remoteAddress().hostAddress();
        Optional<Refusal> refusal = access.check(r.method().name(), r.path(), client, r.getHeader("Host"),
                r.getHeader("Authorization"));
        if (refusal.isEmpty()) {
            rc.next();
            return;
        }
        Refusal no = refusal.get();
        try {
            rc.response().setStatusCode(no.status()).putHeader("Content-Type", "application/json");
            if (no.status() == 401) {
                rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"moontide\"");
            }
            rc.response().end(JSON.writeValueAsString(Map.of("error", no.message(), "reason", no.reason())));
        } catch (JsonProcessingException e) {
            rc.fail(500, e);
        }
    }
}
