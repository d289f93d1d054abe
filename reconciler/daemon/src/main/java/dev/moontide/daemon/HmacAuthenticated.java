package dev.moontide.daemon;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A state-changing endpoint that authenticates its caller by an HMAC of the request instead of
 * the bearer token (the webhook: a Git server knows the shared secret, not the API token).
 * {@link ApiGuard} still refuses it from another origin.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface HmacAuthenticated {
}
