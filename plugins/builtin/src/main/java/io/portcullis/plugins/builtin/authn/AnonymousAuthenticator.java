package io.portcullis.plugins.builtin.authn;

import io.portcullis.spi.Authenticator;
import io.portcullis.spi.AuthenticatorFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code anonymous}: a request without an {@code Authorization} header gets the configured subject (default
 * {@code anonymous}); one with credentials is left to the next authenticator, as in Oathkeeper.
 */
@Extension
public final class AnonymousAuthenticator implements AuthenticatorFactory {
  @Override
  public String id() {
    return "anonymous";
  }

  @Override
  public Authenticator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of("subject"));
    String subject = config.string("subject", "anonymous");
    return (request, session) -> {
      if (request.header("Authorization") != null) {
        return Outcome.notResponsibleStage();
      }
      session.setSubject(subject);
      return Outcome.successStage();
    };
  }
}
