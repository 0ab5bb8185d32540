package io.portcullis.plugins.builtin.authz;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.portcullis.spi.Authorizer;
import io.portcullis.spi.AuthorizerFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
import io.portcullis.spi.RequestTemplate;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code remote_json}: posts the rendered {@code payload} template as JSON to {@code remote}, e.g. a Keto check
 * ({@code /relation-tuples/check}: 200 allowed, 403 not). A payload that does not render to JSON (a subject with a
 * quote in it, say) is an error, which denies.
 */
@Extension
public final class RemoteJsonAuthorizer implements AuthorizerFactory {
  /** Go's json.Unmarshal: exactly one JSON value, nothing after it. */
  private static final ObjectReader JSON = new ObjectMapper().readerFor(JsonNode.class)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Override
  public String id() {
    return "remote_json";
  }

  @Override
  public Authorizer create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of("remote", "headers", "payload", "forward_response_headers_to_upstream", "retry"));
    RequestTemplate payload = context.template(config.field("payload"), config.requiredString("payload"));
    RemoteCheck check = new RemoteCheck(config, context);
    return (request, session) -> {
      byte[] body = payload.render(request, session).getBytes(StandardCharsets.UTF_8);
      try {
        JsonNode parsed = JSON.readValue(body);
        if (parsed == null || parsed.isMissingNode()) {
          throw new java.io.IOException("empty");
        }
      } catch (java.io.IOException e) {
        return Outcome.completed(Outcome.error("payload is not a JSON text"));
      }
      return check.decide(request, session, "application/json", body);
    };
  }
}
