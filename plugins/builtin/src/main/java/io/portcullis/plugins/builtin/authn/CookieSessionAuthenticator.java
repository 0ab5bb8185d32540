package io.portcullis.plugins.builtin.authn;

import io.portcullis.spi.Authenticator;
import io.portcullis.spi.AuthenticatorFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code cookie_session}: a request with cookies (or with one of the {@code only} cookies) is authenticated by asking
 * {@code check_session_url} (e.g. Kratos' {@code /sessions/whoami}) with its {@code Cookie} header. Answers come from
 * the node's session cache where possible. Oathkeeper's keys and defaults ({@code subject_from: subject}).
 */
@Extension
public final class CookieSessionAuthenticator implements AuthenticatorFactory {
  @Override
  public String id() {
    return "cookie_session";
  }

  @Override
  public Authenticator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    Set<String> keys = new HashSet<>(SessionForwarding.KEYS);
    keys.add("only");
    config.requireOnly(keys);
    List<String> only = config.stringList("only");
    SessionForwarding forwarding = new SessionForwarding(config, "subject", "Cookie", context.services().sessions());
    return (request, session) -> {
      if (!responsible(request, only)) {
        return Outcome.notResponsibleStage();
      }
      return forwarding.authenticate(request, session);
    };
  }

  private static boolean responsible(io.portcullis.spi.AccessRequest request, List<String> only) {
    if (only.isEmpty()) {
      String cookie = request.header("Cookie");
      return cookie != null && cookie.contains("=");
    }
    for (String name : only) {
      if (request.cookie(name) != null) {
        return true;
      }
    }
    return false;
  }
}
