package io.portcullis.identity;

import io.portcullis.config.Durations;
import io.portcullis.config.IdentityConfig;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.kratos.KratosJson;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identity.session.SessionTokens;
import io.portcullis.identitysessions.db.Database;
import io.portcullis.identity.store.IdentityStore;
import io.portcullis.identity.store.Outbox;
import io.portcullis.identity.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What the identity role offers other roles: its {@code /sessions/whoami}, answered straight from its database on a
 * small pool of its own, read-only. The session role uses it for checks that miss the edge cache, so a node needs the
 * identity database, not the identity role, to check sessions.
 */
public final class SessionReader {
  /** A whoami answer: 200 with the session, or 401 with Kratos' error, as JSON. */
  public record Answer(int status, Buffer body) {
  }

  private final Pool pool;
  private final SessionService sessions;
  private final KratosJson json;
  private final String cookieName;
  private final List<String> origins;

  private SessionReader(Pool pool, SessionService sessions, KratosJson json, String cookieName, List<String> origins) {
    this.pool = pool;
    this.sessions = sessions;
    this.json = json;
    this.cookieName = cookieName;
    this.origins = origins;
  }

  /** Opens a reader of the database {@code config.dsn()} names. */
  public static SessionReader open(Vertx vertx, IdentityConfig config) {
    Pool pool = Database.open(vertx, config.dsn(), 8);
    SessionService sessions = new SessionService(pool, new SessionStore(), new IdentityStore(), new Outbox(),
        Clock.systemUTC(), Durations.parse("portcullis.identity.session.lifespan", config.session().lifespan()));
    var listener = config.serve().publicApi();
    String address = "http://" + (listener.host().isEmpty() || listener.host().equals("0.0.0.0") ? "127.0.0.1"
        : listener.host()) + ":" + listener.port();
    String publicBase = IdentityRole.publicBaseUrl(config);
    return new SessionReader(pool, sessions, new KratosJson(publicBase), config.session().cookie().name(),
        List.of(publicBase, address, "http://localhost:" + listener.port()));
  }

  /** Where this identity service's public API is reached: its base URL and its listener's addresses. */
  public List<String> origins() {
    return origins;
  }

  /** Whoami for a request with these headers (token from X-Session-Token, Bearer or the session cookie). */
  public Future<Answer> whoami(Map<String, List<String>> headers) {
    String token = SessionTokens.presented(name -> header(headers, name), () -> cookie(header(headers, "Cookie")));
    return sessions.authenticate(token).map(s -> s.isEmpty()
        ? new Answer(401, KratosError.noSession().toJson().toBuffer())
        : new Answer(200, json.session(s.get()).toBuffer()));
  }

  public Future<Void> close() {
    return pool.close();
  }

  private String cookie(String cookies) {
    if (cookies != null) {
      for (String part : cookies.split(";")) {
        String p = part.trim();
        if (p.startsWith(cookieName + "=")) {
          return URLDecoder.decode(p.substring(cookieName.length() + 1), StandardCharsets.UTF_8);
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
}
