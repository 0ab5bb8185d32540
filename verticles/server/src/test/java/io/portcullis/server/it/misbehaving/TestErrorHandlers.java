package io.portcullis.server.it.misbehaving;

import io.portcullis.spi.ConfigException;
import io.portcullis.spi.ErrorHandler;
import io.portcullis.spi.ErrorHandlerFactory;
import io.portcullis.spi.ErrorResponse;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/** Error handlers written against the SPI alone, as a third party would: found through PF4J. Test class path only. */
public final class TestErrorHandlers {
  private TestErrorHandlers() {
  }

  /** Answers 418 naming the denial; refuses unknown keys, so it proves the host keeps {@code when} to itself. */
  @Extension
  public static final class Teapot implements ErrorHandlerFactory {
    public String id() {
      return "test_teapot";
    }

    public ErrorHandler create(HandlerConfig config, HandlerContext context) throws ConfigException {
      config.requireOnly(Set.of("note"));
      String note = config.string("note", "");
      return (request, denial) -> ErrorResponse.of(418, Map.of("X-Denied-Status", String.valueOf(denial.status())),
          "text/plain", note + " " + context.ruleId() + " " + denial.status());
    }
  }

  @Extension
  public static final class Throws implements ErrorHandlerFactory {
    public String id() {
      return "test_error_throws";
    }

    public ErrorHandler create(HandlerConfig config, HandlerContext context) {
      return (request, denial) -> {
        throw new IllegalStateException("secret internal detail");
      };
    }
  }
}
