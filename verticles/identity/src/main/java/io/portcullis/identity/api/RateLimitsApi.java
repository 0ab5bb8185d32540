package io.portcullis.identity.api;

import io.portcullis.identity.attempts.FlowAttempts;
import io.portcullis.identity.session.IdentityEvents;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.ratelimit.Attempts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Portcullis' admin endpoints for the attempt limits (not a Kratos API, hence under {@code /admin/portcullis/}):
 * {@code GET /admin/portcullis/rate-limits} lists the counted identifiers and addresses, {@code DELETE} with the same
 * filters lifts them (a lockout included). Filters: {@code flow}, {@code scope}, {@code identifier} (matched by its
 * hash, as the keys are kept), {@code key} (an identifier hash or an address as listed), {@code address}.
 */
public final class RateLimitsApi {
  static final String PATH = "/admin/portcullis/rate-limits";
  private static final Set<String> FLOWS = Set.of("login", "recovery", "verification");
  private final FlowAttempts attempts;

  public RateLimitsApi(FlowAttempts attempts) {
    this.attempts = attempts;
  }

  public void mount(Router r) {
    r.get(PATH).handler(Http.async(ctx -> attempts.list(filter(ctx, false)).map(found -> Http.ok(ctx,
        new JsonArray(found.stream().map(RateLimitsApi::json).toList())))));
    r.delete(PATH).handler(Http.async(ctx -> attempts.lift(filter(ctx, true)).map(lifted -> {
      if (lifted.isEmpty()) {
        throw KratosError.notFound("No rate limit matches the request.");
      }
      Http.noContent(ctx);
      return null;
    })));
  }

  /** The entries the query names; {@code DELETE} must name an identifier, a key or an address. */
  private static Predicate<FlowAttempts.Entry> filter(RoutingContext ctx, boolean lifting) {
    String flow = param(ctx, "flow");
    String scope = param(ctx, "scope");
    String identifier = param(ctx, "identifier");
    String key = param(ctx, "key");
    String address = param(ctx, "address");
    if (flow != null && !FLOWS.contains(flow)) {
      throw KratosError.badRequest("The parameter \"flow\" is \"" + flow + "\", expected one of login, recovery, "
          + "verification.");
    }
    if (scope != null && !List.of(FlowAttempts.IDENTIFIER, FlowAttempts.ADDRESS).contains(scope)) {
      throw KratosError.badRequest("The parameter \"scope\" is \"" + scope + "\", expected identifier or address.");
    }
    if (lifting && identifier == null && key == null && address == null) {
      throw KratosError.badRequest("Name what to lift: the parameter \"identifier\", \"key\" or \"address\" is "
          + "required.");
    }
    String hash = identifier == null ? null : IdentityEvents.identifierHash(identifier);
    return e -> (flow == null || e.flow().equals(flow)) && (scope == null || e.scope().equals(scope))
        && (key == null || e.key().equals(key))
        && (hash == null || e.scope().equals(FlowAttempts.IDENTIFIER) && e.key().equals(hash))
        && (address == null || e.scope().equals(FlowAttempts.ADDRESS) && e.key().equals(address));
  }

  private static String param(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v == null || v.isEmpty() ? null : v;
  }

  private static JsonObject json(FlowAttempts.Entry e) {
    Attempts a = e.attempts();
    Long retryAfter = e.retryAfter().isZero() ? Long.valueOf(0) : Attempts.retryAfterSeconds(e.retryAfter());
    return new JsonObject().put("flow", e.flow()).put("scope", e.scope()).put("key", e.key())
        .put("failures", a.failures()).put("last_attempt_at", Instant.ofEpochMilli(a.lastFailureMs()).toString())
        .put("retry_after_seconds", retryAfter).put("locked", e.locked())
        .put("locked_until", !e.locked() || retryAfter == null ? null : Instant.ofEpochMilli(a.lockedUntilMs())
            .toString());
  }
}
