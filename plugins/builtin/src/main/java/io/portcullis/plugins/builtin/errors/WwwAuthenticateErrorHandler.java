package io.portcullis.plugins.builtin.errors;

import io.portcullis.spi.ConfigException;
import io.portcullis.spi.ErrorHandler;
import io.portcullis.spi.ErrorHandlerFactory;
import io.portcullis.spi.ErrorResponse;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/** {@code www_authenticate}: a 401 with a Basic challenge, so browsers prompt for credentials. */
@Extension
public final class WwwAuthenticateErrorHandler implements ErrorHandlerFactory {
  @Override
  public String id() {
    return "www_authenticate";
  }

  @Override
  public ErrorHandler create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of("realm"));
    String realm = config.string("realm", "Please authenticate.");
    if (realm.indexOf('"') >= 0 || realm.chars().anyMatch(c -> c < 0x20)) {
      throw new ConfigException(config.field("realm"), realm, "text without quotes or control characters");
    }
    ErrorResponse response = ErrorResponse.of(401, Map.of("WWW-Authenticate", "Basic realm=\"" + realm + "\""),
        "text/plain; charset=utf-8", "Unauthorized\n");
    return (request, denial) -> response;
  }
}
