package io.portcullis.plugins.builtin.authn;

import io.portcullis.spi.Authenticator;
import io.portcullis.spi.AuthenticatorFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/** {@code unauthorized}: rejects every request with 401, e.g. as the last of several authenticators. */
@Extension
public final class UnauthorizedAuthenticator implements AuthenticatorFactory {
  private static final CompletionStage<Outcome> UNAUTHORIZED =
      Outcome.completed(Outcome.unauthorized("the unauthorized authenticator rejects every request"));

  @Override
  public String id() {
    return "unauthorized";
  }

  @Override
  public Authenticator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of());
    return (request, session) -> UNAUTHORIZED;
  }
}
