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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The host's {@link SessionChecker}: a hit in the node's {@link SessionCache} answers at once, without leaving the
 * process; a miss goes to this node's session role over the local event bus (or, on a node without one, to a session
 * role of the cluster), and a valid Kratos session in the answer is cached. Only {@code 200} answers that are Kratos
 * sessions (with {@code id}, {@code identity.id}, {@code expires_at}) are cached; everything else is passed through and
 * asked again next time. What is cached is what the handler's {@link Reader} read from the answer, or the whole reply
 * for a plain {@link #check(HttpCaller.Call)}.
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

  /** The reader under which a plain {@link #check(HttpCaller.Call)} keeps the whole reply. */
  private static final Object WHOLE_REPLY = new Object();

  @Override
  public CompletionStage<HttpCaller.Reply> check(HttpCaller.Call call) {
    // No key while the cache is bypassed: nothing would be looked up or kept under it.
    SessionCache.Key key = cache.trusted() ? key(call) : null;
    Object hit = key == null ? null : cache.get(key, WHOLE_REPLY);
    Span span = span(key, hit != null);
    if (hit != null) {
      Tracing.end(span, "active");
      return CompletableFuture.completedFuture((HttpCaller.Reply) hit);
    }
    return ask(call, span).map(reply -> {
      if (reply.status() == 200 && reply.body() != null) {
        String type = reply.header("content-type");
        remember(key, reply, WHOLE_REPLY, new HttpCaller.Reply(200,
            Map.of("content-type", List.of(type == null ? "application/json" : type)), reply.body()));
      }
      return reply;
    }).toCompletionStage();
  }

  @Override
  public <T> CompletionStage<Checked<T>> check(HttpCaller.Call call, Reader<T> reader) {
    SessionCache.Key key = cache.trusted() ? key(call) : null;
    @SuppressWarnings("unchecked")
    T hit = key == null ? null : (T) cache.get(key, reader);
    Span span = span(key, hit != null);
    if (hit != null) {
      Tracing.end(span, "active");
      return CompletableFuture.completedFuture(new Checked<>(200, hit));
    }
    return ask(call, span).map(reply -> {
      T value = reply.status() == 200 ? reader.read(reply.body()) : null;
      if (value != null) {
        remember(key, reply, reader, value);
      }
      return new Checked<>(reply.status(), value);
    }).toCompletionStage();
  }

  /** The span of one check, null with tracing off. */
  private Span span(SessionCache.Key key, boolean hit) {
    Span span = tracing.start("check session");
    if (span != null) {
      span.setAttribute(Tracing.SESSION_CACHE, hit ? "hit" : key == null ? "bypass" : "miss");
    }
    return span;
  }

  /** Asks the session role, with {@code span} (when there is one) current and ended by the answer. */
  private io.vertx.core.Future<HttpCaller.Reply> ask(HttpCaller.Call call, Span span) {
    DeliveryOptions delivery = new DeliveryOptions().setLocalOnly(localRole)
        .setSendTimeout(call.timeout() == null ? 10_000 : call.timeout().toMillis() + 1_000);
    try (Scope scope = span == null ? null : span.makeCurrent()) {
      var asked = vertx.eventBus().<HttpCaller.Reply>request(Addresses.SESSION_CHECK, call, delivery)
          .map(io.vertx.core.eventbus.Message::body);
      return span == null ? asked : asked.onComplete(r -> Tracing.end(span, r.failed() ? "error"
          : r.result().status() == 200 ? "active" : "inactive"));
    }
  }

  /** Keeps {@code value} for {@code reader} when the reply is a live Kratos session, which it names. */
  private void remember(SessionCache.Key key, HttpCaller.Reply reply, Object reader, Object value) {
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
      cache.put(key, reader, value, s.getString("id"), identity.getString("id"), Instant.parse(expires));
    } catch (RuntimeException notASession) {
      // Not a Kratos session: answered, not cached.
    }
  }

  /** The check request's identity: method, URL and every header sent (credentials included), hashed. */
  static SessionCache.Key key(HttpCaller.Call call) {
    StringBuilder sb = new StringBuilder(256).append(call.method()).append(' ').append(call.url()).append('\n');
    Map<String, List<String>> headers = call.headers().size() > 1 ? new TreeMap<>(call.headers()) : call.headers();
    headers.forEach((k, v) -> sb.append(k.toLowerCase(java.util.Locale.ROOT)).append(':')
        .append(String.join("\u0000", v)).append('\n'));
    return SessionCache.Key.of(Sha256.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
