package io.portcullis.pipeline.errors;

import java.util.Map;

/**
 * The error body Ory's services answer with ({@code {"error": {"code", "status", "message", "reason"}}}), so clients
 * written against Oathkeeper parse ours unchanged.
 */
public final class JsonError {
  private JsonError() {
  }

  public static ErrorResponse response(int status, String reason, boolean verbose) {
    StringBuilder sb = new StringBuilder(160);
    sb.append("{\"error\":{\"code\":").append(status)
        .append(",\"status\":\"").append(HttpStatusText.of(status)).append('"')
        .append(",\"message\":\"").append(message(status)).append('"');
    if (verbose && reason != null) {
      sb.append(",\"reason\":\"");
      escape(reason, sb);
      sb.append('"');
    }
    sb.append("}}");
    return ErrorResponse.of(status, Map.of(), "application/json; charset=utf-8", sb.toString());
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

  static void escape(String s, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
