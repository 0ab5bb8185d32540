package io.portcullis.plugins.builtin.authn;

import io.portcullis.spi.Authenticator;
import io.portcullis.spi.AuthenticatorFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
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
}
