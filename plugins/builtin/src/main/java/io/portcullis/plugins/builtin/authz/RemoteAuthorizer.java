package io.portcullis.plugins.builtin.authz;

import io.portcullis.spi.Authorizer;
import io.portcullis.spi.AuthorizerFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code remote}: asks {@code remote} whether the request may pass (200 allow, 403 deny). Oathkeeper posts the
 * client's request body; the pipeline decides before a body is read, so here the POST carries the client's
 * {@code Content-Type} and an empty body. Use {@code remote_json} to send the remote what it needs.
 */
@Extension
public final class RemoteAuthorizer implements AuthorizerFactory {
  private static final byte[] EMPTY = new byte[0];

  @Override
  public String id() {
    return "remote";
  }

  @Override
  public Authorizer create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of("remote", "headers", "forward_response_headers_to_upstream", "retry"));
    RemoteCheck check = new RemoteCheck(config, context);
    return (request, session) -> check.decide(request, session, request.header("Content-Type"), EMPTY);
  }
}
