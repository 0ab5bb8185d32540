package io.portcullis.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One access decision, as the proxy or {@code /decisions} made it: what the audit stream records. Built on the data
 * path, so it is a plain immutable record; it becomes a {@link CloudEvent} (and JSON) only on the audit role's
 * thread.
 *
 * <p>Redaction: the path without its query string; no header values but the user agent (cut to 256 characters);
 * never a token, a cookie, a password or a body.
 *
 * @param surface {@code proxy} or {@code decisions}
 * @param decision {@code granted}, {@code denied}, {@code error}, {@code no_rule} or {@code bad_request}
 * @param handler the handler that decided a refusal, or null
 * @param reason why it was refused, or null
 * @param traceId the W3C trace id from {@code traceparent}, or {@code X-Request-Id}, or null
 */
public record AccessEvent(String surface, String ruleId, String method, String host, String path, String subject,
    String decision, int status, String handler, String reason, long latencyMicros, String clientAddress,
    String userAgent, String traceId) {

  public boolean granted() {
    return "granted".equals(decision);
  }

  public CloudEvent toCloudEvent(String source) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("surface", surface);
    data.put("rule_id", ruleId);
    data.put("method", method);
    data.put("host", host);
    data.put("path", path);
    data.put("subject", subject);
    data.put("decision", decision);
    data.put("status", status);
    data.put("handler", handler);
    data.put("reason", reason);
    data.put("latency_us", latencyMicros);
    data.put("client_address", clientAddress);
    data.put("user_agent", userAgent == null || userAgent.length() <= 256 ? userAgent : userAgent.substring(0, 256));
    data.put("trace_id", traceId);
    return CloudEvent.of(source, granted() ? EventTypes.ACCESS_GRANTED : EventTypes.ACCESS_DENIED,
        subject == null || subject.isEmpty() ? null : subject, data);
  }

  /** The trace id of a W3C {@code traceparent} ("00-<trace id>-<parent id>-<flags>"), else {@code requestId}. */
  public static String traceId(String traceparent, String requestId) {
    if (traceparent != null && traceparent.length() >= 55 && traceparent.charAt(2) == '-') {
      return traceparent.substring(3, 35);
    }
    return requestId;
  }
}
