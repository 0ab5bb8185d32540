package io.portcullis.plugins.builtin.authn;

import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.Authenticator;
import io.portcullis.spi.AuthenticatorFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code bearer_token}: a request carrying a token (by default {@code Authorization: Bearer}; or {@code token_from}
 * a header, query parameter or cookie) that starts with {@code prefix} is authenticated by asking
 * {@code check_session_url} with its {@code Authorization} header forwarded. Oathkeeper's keys and defaults
 * ({@code subject_from: sub}); for Kratos set {@code subject_from: identity.id} and forward {@code X-Session-Token}
 * if clients send that.
 */
@Extension
public final class BearerTokenAuthenticator implements AuthenticatorFactory {
  @Override
  public String id() {
    return "bearer_token";
  }

  @Override
  public Authenticator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    Set<String> keys = new HashSet<>(SessionForwarding.KEYS);
    keys.add("token_from");
    keys.add("prefix");
    config.requireOnly(keys);
    TokenLocation from = TokenLocation.of(config);
    String prefix = config.string("prefix", "");
    SessionForwarding forwarding = new SessionForwarding(config, "sub", "Authorization",
        context.services().sessions());
    return (request, session) -> {
      String token = from.read(request);
      if (token == null || token.isEmpty() || !token.startsWith(prefix)) {
        return Outcome.notResponsibleStage();
      }
      return forwarding.authenticate(request, session);
    };
  }

  /** Where the token is read from: exactly one of header, query_parameter, cookie; default the bearer header. */
  record TokenLocation(String header, String queryParameter, String cookie) {
    static TokenLocation of(HandlerConfig config) throws ConfigException {
      if (!config.has("token_from")) {
        return new TokenLocation("Authorization", null, null);
      }
      HandlerConfig t = config.object("token_from");
      t.requireOnly(Set.of("header", "query_parameter", "cookie"));
      TokenLocation l = new TokenLocation(t.string("header", null), t.string("query_parameter", null),
          t.string("cookie", null));
      int set = (l.header != null ? 1 : 0) + (l.queryParameter != null ? 1 : 0) + (l.cookie != null ? 1 : 0);
      if (set != 1) {
        throw new ConfigException(config.field("token_from"), t.toString(),
            "exactly one of header, query_parameter, cookie");
      }
      return l;
    }

    String read(AccessRequest r) {
      if (header != null) {
        String v = r.header(header);
        if (v != null && header.equalsIgnoreCase("Authorization")) {
          return v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).trim() : null;
        }
        return v;
      }
      if (cookie != null) {
        return r.cookie(cookie);
      }
      String q = r.query();
      if (q == null) {
        return null;
      }
      for (String pair : q.split("&")) {
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        if (name.equals(queryParameter)) {
          return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      return null;
    }
  }
}
