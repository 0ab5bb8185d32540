package io.portcullis.session;

import io.portcullis.contracts.Addresses;
import io.portcullis.contracts.SessionMessages;
import io.portcullis.identity.api.KratosJson;
import io.portcullis.identity.session.SessionService;
import io.portcullis.pipeline.host.VertxHttpCaller;
import io.portcullis.spi.HttpCaller;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Answers session checks that missed the node's cache ({@link Addresses#SESSION_CHECK}): a whoami of this node's
 * identity service is answered from its database, exactly as {@code /sessions/whoami} would ({@link WhoamiRouting});
 * any other check (or every check, with source {@code http}) is sent to its URL, so Portcullis can front a real Kratos
 * too.
 */
public final class SessionVerticle extends VerticleBase {
  private final DatabaseSessions database;
  private final String cookieName;
  private HttpCaller http;
  private MessageConsumer<JsonObject> consumer;

  /** @param database null when checks go over HTTP only */
  public SessionVerticle(DatabaseSessions database, String cookieName) {
    this.database = database;
    this.cookieName = cookieName;
  }

  /** The identity database's sessions, as the identity role's public API shows them, and which checks they answer. */
  public record DatabaseSessions(SessionService sessions, KratosJson json, WhoamiRouting routing) {
  }

  @Override
  public Future<?> start() {
    http = new VertxHttpCaller(vertx);
    consumer = vertx.eventBus().<JsonObject>localConsumer(Addresses.SESSION_CHECK).handler(this::check);
    return consumer.completion();
  }

  private void check(Message<JsonObject> m) {
    HttpCaller.Call call = SessionMessages.call(m.body());
    Future<HttpCaller.Reply> answer = database != null && database.routing().fromDatabase(call.url())
        ? fromDatabase(call)
        : Future.fromCompletionStage(http.send(call), context);
    answer.onSuccess(r -> m.reply(SessionMessages.reply(r)))
        .onFailure(t -> m.fail(503, t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
  }

  private Future<HttpCaller.Reply> fromDatabase(HttpCaller.Call call) {
    String token = token(call.headers());
    return database.sessions().authenticate(token).map(s -> s.isEmpty()
        ? new HttpCaller.Reply(401, Map.of("content-type", List.of("application/json")),
            io.portcullis.identity.api.KratosError.noSession().toJson().toBuffer().getBytes())
        : new HttpCaller.Reply(200, Map.of("content-type", List.of("application/json")),
            database.json().session(s.get()).toBuffer().getBytes()));
  }

  /** As whoami reads it: {@code X-Session-Token}, then {@code Authorization: Bearer}, then the session cookie. */
  String token(Map<String, List<String>> headers) {
    String t = header(headers, "X-Session-Token");
    if (t != null && !t.isEmpty()) {
      return t;
    }
    String auth = header(headers, "Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    String cookies = header(headers, "Cookie");
    if (cookies != null) {
      for (String part : cookies.split(";")) {
        String p = part.trim();
        if (p.startsWith(cookieName + "=")) {
          return java.net.URLDecoder.decode(p.substring(cookieName.length() + 1), StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  private static String header(Map<String, List<String>> headers, String name) {
    for (var e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return String.join("; ", e.getValue());
      }
    }
    return null;
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
