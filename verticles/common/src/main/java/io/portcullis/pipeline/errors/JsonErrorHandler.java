package io.portcullis.pipeline.errors;

import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import java.util.Set;

/** {@code json}: answers with Ory's JSON error body; {@code verbose: true} adds the reason. */
public final class JsonErrorHandler implements ErrorHandlerFactory {
  @Override
  public String id() {
    return "json";
  }

  @Override
  public ErrorHandler create(HandlerConfig config) throws ConfigException {
    config.requireOnly(Set.of("verbose", "when"));
    boolean verbose = config.bool("verbose", false);
    When when = When.parse(config);
    return new ErrorHandler() {
      @Override
      public When when() {
        return when;
      }

      @Override
      public ErrorResponse handle(AccessRequest request, PipelineFailure failure) {
        // A broken handler is named even when not verbose: the operator needs to know which one, and the
        // reason the host builds for it carries no exception text.
        boolean named = failure.status() >= 500 && failure.handler() != null;
        return JsonError.response(failure.status(), failure.reason(), verbose || named);
      }
    };
  }
}
