package io.portcullis.plugins.builtin.authn;

import io.portcullis.spi.Authenticator;
import io.portcullis.spi.AuthenticatorFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
import java.util.Set;
import org.pf4j.Extension;

/** {@code noop}: lets every request through unauthenticated, with an empty subject (Oathkeeper's noop). */
@Extension
public final class NoopAuthenticator implements AuthenticatorFactory {
  @Override
  public String id() {
    return "noop";
  }

  @Override
  public Authenticator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of());
    return (request, session) -> Outcome.successStage();
  }
}
