package io.portcullis.identitysessions;

import io.portcullis.config.IdentityConfig;
import io.portcullis.identitysessions.aal.AalPolicy;
import io.portcullis.identitysessions.db.Database;
import io.portcullis.identitysessions.db.SessionLookup;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.kratos.KratosJson;
import io.portcullis.identitysessions.kratos.RedirectingError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The identity service's {@code /sessions/whoami}, answered straight from the identity database on a small pool of
 * its own, read-only, exactly as the identity role answers it. The session role uses it for checks that miss the edge cache, so a node needs the
 * identity database, not the identity role, to check sessions.
 */
public final class SessionReader {
  /** A whoami answer: 200 with the session, 401 or 403 ({@code session_aal2_required}) with Kratos' error, as JSON. */
  public record Answer(int status, Buffer body) {
  }

  private final Pool pool;
  private final KratosJson json;
  private final String cookieName;
  private final List<String> origins;
  private final AalPolicy aal;

  private SessionReader(Pool pool, KratosJson json, String cookieName, List<String> origins, AalPolicy aal) {
    this.aal = aal;
    this.pool = pool;
    this.json = json;
    this.cookieName = cookieName;
    this.origins = origins;
  }

  /** Opens a reader of the database {@code config.dsn()} names. */
  public static SessionReader open(Vertx vertx, IdentityConfig config) {
    Pool pool = Database.open(vertx, config.dsn(), 8);
    var listener = config.serve().publicApi();
    String publicBase = ListenerUrls.baseUrl(listener);
    return new SessionReader(pool, new KratosJson(publicBase), config.session().cookie().name(),
        List.of(publicBase, ListenerUrls.address(listener), "http://localhost:" + listener.port()),
        AalPolicy.of(config, publicBase));
  }

  /** Where this identity service's public API is reached: its base URL and its listener's addresses. */
  public List<String> origins() {
    return origins;
  }

  /** Whoami for a request with these headers (token from X-Session-Token, Bearer or the session cookie). */
  public Future<Answer> whoami(Map<String, List<String>> headers) {
    String token = PresentedToken.of(name -> header(headers, name), () -> cookie(header(headers, "Cookie")));
    return SessionLookup.valid(pool, token, Instant.now().truncatedTo(ChronoUnit.MICROS)).map(s -> {
      if (s.isEmpty()) {
        return new Answer(401, KratosError.noSession().toJson().toBuffer());
      }
      // session.whoami.required_aal, as the identity role's whoami checks it.
      if (!aal.whoamiSatisfied(s.get())) {
        return new Answer(403, RedirectingError.aal2Required(aal.loginUrl(null)).toJson().toBuffer());
      }
      return new Answer(200, json.session(s.get()).toBuffer());
    });
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
