package io.portcullis.plugins.builtin.authz;

import io.portcullis.spi.Authorizer;
import io.portcullis.spi.AuthorizerFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/** {@code deny}: every request is refused with 403, whoever makes it. */
@Extension
public final class DenyAuthorizer implements AuthorizerFactory {
  private static final CompletionStage<Outcome> FORBIDDEN =
      Outcome.completed(Outcome.forbidden("the deny authorizer refuses every request"));

  @Override
  public String id() {
    return "deny";
  }

  @Override
  public Authorizer create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of());
    return (request, session) -> FORBIDDEN;
  }
}
