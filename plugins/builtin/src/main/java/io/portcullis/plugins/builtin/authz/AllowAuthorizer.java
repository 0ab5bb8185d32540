package io.portcullis.plugins.builtin.authz;

import io.portcullis.spi.Authorizer;
import io.portcullis.spi.AuthorizerFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
import java.util.Set;
import org.pf4j.Extension;

/** {@code allow}: every authenticated request may pass. */
@Extension
public final class AllowAuthorizer implements AuthorizerFactory {
  @Override
  public String id() {
    return "allow";
  }

  @Override
  public Authorizer create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of());
    return (request, session) -> Outcome.successStage();
  }
}
