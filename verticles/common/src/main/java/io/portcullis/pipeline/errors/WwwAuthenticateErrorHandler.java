package io.portcullis.pipeline.errors;

import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import java.util.Map;
import java.util.Set;

/** {@code www_authenticate}: a 401 with a Basic challenge, so browsers prompt for credentials. */
public final class WwwAuthenticateErrorHandler implements ErrorHandlerFactory {
  @Override
  public String id() {
    return "www_authenticate";
  }

  @Override
  public ErrorHandler create(HandlerConfig config) throws ConfigException {
    config.requireOnly(Set.of("realm", "when"));
    String realm = config.string("realm", "Please authenticate.");
    if (realm.indexOf('"') >= 0 || realm.chars().anyMatch(c -> c < 0x20)) {
      throw new ConfigException(config.field("realm"), realm, "text without quotes or control characters");
    }
    When when = When.parse(config);
    ErrorResponse response = ErrorResponse.of(401, Map.of("WWW-Authenticate", "Basic realm=\"" + realm + "\""),
        "text/plain; charset=utf-8", "Unauthorized\n");
    return new ErrorHandler() {
      @Override
      public When when() {
        return when;
      }

      @Override
      public ErrorResponse handle(AccessRequest request, PipelineFailure failure) {
        return response;
      }
    };
  }
}
