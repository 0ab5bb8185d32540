package io.portcullis.plugins.builtin.errors;

import io.portcullis.spi.ConfigException;
import io.portcullis.spi.ErrorHandler;
import io.portcullis.spi.ErrorHandlerFactory;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import java.util.Set;
import org.pf4j.Extension;

/** {@code json}: answers with Ory's JSON error body; {@code verbose: true} adds the reason. */
@Extension
public final class JsonErrorHandler implements ErrorHandlerFactory {
  @Override
  public String id() {
    return "json";
  }

  @Override
  public ErrorHandler create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of("verbose"));
    boolean verbose = config.bool("verbose", false);
    return (request, denial) -> {
      // A broken handler is named even when not verbose: the operator needs to know which one, and the reason the
      // host builds for it carries no exception text.
      boolean named = denial.status() >= 500 && denial.handler() != null;
      return denial.standardResponse(verbose || named);
    };
  }
}
