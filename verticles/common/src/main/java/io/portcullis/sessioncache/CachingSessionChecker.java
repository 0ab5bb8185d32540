package io.portcullis.sessioncache;

import io.portcullis.contracts.Addresses;
import io.portcullis.runtime.Sha256;
import io.portcullis.spi.HttpCaller;
import io.portcullis.spi.SessionChecker;
import io.portcullis.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The host's {@link SessionChecker}: a hit in the node's {@link SessionCache} answers at once, without leaving the
 * process; a miss goes to this node's session role over the local event bus (or, on a node without one, to a session
 * role of the cluster), and a valid Kratos session in the answer is cached. Only {@code 200} answers that are Kratos sessions (with {@code id}, {@code identity.id},
 * {@code expires_at}) are cached; everything else is passed through and asked again next time.
 *
 * <p>With tracing on, each check is a span {@code check session} with {@code portcullis.session.cache} {@code hit},
 * {@code miss} or {@code bypass} (cache not trusted); a miss's span is current while the session role is asked.
 */
public final class CachingSessionChecker implements SessionChecker {
  private final Vertx vertx;
  private final SessionCache cache;
  private final boolean localRole;
  private final Tracing tracing;

  /** @param localRole whether this node runs the session role; else checks go to one elsewhere in the cluster */
  public CachingSessionChecker(Vertx vertx, SessionCache cache, boolean localRole, Tracing tracing) {
    this.vertx = vertx;
    this.cache = cache;
    this.localRole = localRole;
    this.tracing = tracing;
  }

  @Override
  public CompletionStage<HttpCaller.Reply> check(HttpCaller.Call call) {
    // No key while the cache is bypassed: nothing would be looked up or kept under it.
    String key = cache.trusted() ? key(call) : null;
    SessionCache.Entry hit = key == null ? null : cache.get(key);
    Span span = tracing.start("check session");
    if (span != null) {
      span.setAttribute(Tracing.SESSION_CACHE, hit != null ? "hit" : key == null ? "bypass" : "miss");
    }
    if (hit != null) {
      Tracing.end(span, "active");
      return CompletableFuture.completedFuture(new HttpCaller.Reply(200,
          Map.of("content-type", List.of(hit.contentType())), hit.body()));
    }
    DeliveryOptions delivery = new DeliveryOptions().setLocalOnly(localRole)
        .setSendTimeout(call.timeout() == null ? 10_000 : call.timeout().toMillis() + 1_000);
    try (Scope scope = span == null ? null : span.makeCurrent()) {
      return vertx.eventBus().<HttpCaller.Reply>request(Addresses.SESSION_CHECK, call, delivery)
          .map(m -> {
            HttpCaller.Reply reply = m.body();
            remember(key, reply);
            Tracing.end(span, reply.status() == 200 ? "active" : "inactive");
            return reply;
          })
          .onFailure(failed -> Tracing.end(span, "error"))
          .toCompletionStage();
    }
  }

  private void remember(String key, HttpCaller.Reply reply) {
    if (key == null || reply.status() != 200 || reply.body() == null || !cache.trusted()) {
      return;
    }
    try {
      JsonObject s = new JsonObject(new String(reply.body(), StandardCharsets.UTF_8));
      JsonObject identity = s.getJsonObject("identity");
      String expires = s.getString("expires_at");
      if (!s.getBoolean("active", true) || s.getString("id") == null || identity == null
          || identity.getString("id") == null || expires == null) {
        return;
      }
      String type = reply.header("content-type");
      cache.put(key, reply.body(), type == null ? "application/json" : type, s.getString("id"),
          identity.getString("id"), Instant.parse(expires));
    } catch (RuntimeException notASession) {
      // Not a Kratos session: answered, not cached.
    }
  }

  /** The check request's identity: method, URL and every header sent (credentials included), hashed. */
  static String key(HttpCaller.Call call) {
    StringBuilder sb = new StringBuilder(256).append(call.method()).append(' ').append(call.url()).append('\n');
    Map<String, List<String>> headers = call.headers().size() > 1 ? new TreeMap<>(call.headers()) : call.headers();
    headers.forEach((k, v) -> sb.append(k.toLowerCase(java.util.Locale.ROOT)).append(':')
        .append(String.join("\u0000", v)).append('\n'));
    return HexFormat.of().formatHex(Sha256.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
