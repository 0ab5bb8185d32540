package io.portcullis.identitysessions.kratos;

import io.vertx.core.json.JsonObject;

/**
 * An error answered in Kratos' shape, {@code {"error": {"id", "code", "status", "reason", "message"}}}. Thrown by
 * handlers and turned into a response in one place.
 */
public class KratosError extends RuntimeException {
  private final int code;
  private final String id;
  private final String reason;
  private final JsonObject details;

  public KratosError(int code, String id, String message, String reason) {
    this(code, id, message, reason, null);
  }

  public KratosError(int code, String id, String message, String reason, JsonObject details) {
    super(message, null, false, false);
    this.code = code;
    this.id = id;
    this.reason = reason;
    this.details = details;
  }

  public int code() {
    return code;
  }

  public String id() {
    return id;
  }

  public static KratosError badRequest(String reason) {
    return new KratosError(400, null, "The request was malformed or contained invalid parameters", reason);
  }

  public static KratosError notFound(String reason) {
    return new KratosError(404, null, "The requested resource could not be found", reason);
  }

  public static KratosError conflict(String reason) {
    return new KratosError(409, null, "The resource could not be created due to a conflict", reason);
  }

  public static KratosError forbidden(String id, String reason) {
    return forbidden(id, reason, null);
  }

  /** A 403 with {@code details} (null for none), such as where to re-authenticate. */
  public static KratosError forbidden(String id, String reason, JsonObject details) {
    return new KratosError(403, id, "The requested action was forbidden", reason, details);
  }

  /** Kratos' answer when a request carries no valid session. */
  public static KratosError noSession() {
    return new KratosError(401, "session_inactive", "request does not have a valid authentication session",
        "No active session was found in this request.");
  }

  public static KratosError internal(String reason) {
    return new KratosError(500, null, "An internal server error occurred, please contact the system administrator",
        reason);
  }

  /** A remote service (an OpenID provider, say) answered wrongly (herodot's {@code ErrUpstreamError}). */
  public static KratosError upstream(String reason) {
    return new KratosError(502, null, "An error occurred with the upstream service", reason);
  }

  /** A service the request needs (the identity database) cannot be reached for now; the client may try again. */
  public static KratosError unavailable(String reason) {
    return new KratosError(503, null, "The service is temporarily unavailable, please try again later", reason);
  }

  /** The configuration does not allow the request (herodot's {@code ErrMisconfiguration}). */
  public static KratosError misconfiguration(String reason) {
    return new KratosError(500, null, "The request failed because of a misconfiguration", reason);
  }

  /** The inner {@code error} object (also used by the error flow). */
  public JsonObject body() {
    JsonObject e = new JsonObject();
    if (id != null) {
      e.put("id", id);
    }
    e.put("code", code).put("status", status(code));
    if (reason != null) {
      e.put("reason", reason);
    }
    if (details != null) {
      e.put("details", details);
    }
    return e.put("message", getMessage());
  }

  public JsonObject toJson() {
    return new JsonObject().put("error", body());
  }

  static String status(int code) {
    return switch (code) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> code >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
