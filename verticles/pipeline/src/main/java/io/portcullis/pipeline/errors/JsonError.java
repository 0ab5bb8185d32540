package io.portcullis.pipeline.errors;

import io.portcullis.spi.ErrorResponse;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The error body Ory's services answer with ({@code {"error": {"code", "status", "message", "reason"}}}), so clients
 * written against Oathkeeper parse ours unchanged.
 */
public final class JsonError {
  private JsonError() {
  }

  public static ErrorResponse response(int status, String reason, boolean verbose) {
    JsonObject error = new JsonObject().put("code", status).put("status", HttpStatusText.of(status))
        .put("message", message(status));
    if (verbose && reason != null) {
      error.put("reason", reason);
    }
    return ErrorResponse.of(status, Map.of(), "application/json; charset=utf-8",
        new JsonObject().put("error", error).encode());
  }

  /** Oathkeeper's messages for the statuses the pipeline produces. */
  public static String message(int status) {
    return switch (status) {
      case 400 -> "The request was malformed or contained invalid parameters";
      case 401 -> "Access credentials are invalid";
      case 403 -> "Access credentials are not sufficient to access this resource";
      case 404 -> "Requested url does not match any rules";
      case 429 -> "Too many requests";
      case 502 -> "The upstream service could not be reached";
      default -> status >= 500 ? "An internal server error occurred, please contact the system administrator"
          : HttpStatusText.of(status);
    };
  }
}
