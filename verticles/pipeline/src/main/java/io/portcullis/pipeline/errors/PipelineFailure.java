package io.portcullis.pipeline.errors;

import io.portcullis.spi.Denial;
import io.portcullis.spi.ErrorResponse;
import java.util.Locale;

/**
 * Why a request was not let through: the HTTP status that stands for it, a reason for logs, and the handler that
 * decided (null when no handler did, e.g. no authenticator was responsible).
 */
public record PipelineFailure(int status, String reason, String handler) implements Denial {
  public static PipelineFailure unauthorized(String reason, String handler) {
    return new PipelineFailure(401, reason, handler);
  }

  public static PipelineFailure internal(String reason, String handler) {
    return new PipelineFailure(500, reason, handler);
  }

  @Override
  public ErrorResponse standardResponse(boolean withReason) {
    return JsonError.response(status, reason, withReason);
  }

  /** The name {@code when.error} conditions use: the status text in snake case, e.g. {@code unauthorized}. */
  public String errorName() {
    return HttpStatusText.of(status).toLowerCase(Locale.ROOT).replace(' ', '_').replace("'", "");
  }
}
