package io.portcullis.kafka.events;


/**
 * One access decision, as the proxy or {@code /decisions} made it: what the audit stream records. Built on the data
 * path, so it is a plain immutable record; it becomes CloudEvent JSON only on the audit role's thread.
 *
 * <p>Redaction: the path without its query string; no header values but the user agent (cut to 256 characters);
 * never a token, a cookie, a password or a body.
 *
 * @param surface {@code proxy} or {@code decisions}
 * @param decision {@code granted}, {@code denied}, {@code error}, {@code no_rule}, {@code bad_request} or
 *     {@code rate_limited}
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

  /**
   * This event as structured-mode CloudEvent JSON, written directly: the audit role does this for every request,
   * so it avoids building maps and reflective serialization. Parses as a {@link CloudEvent}.
   */
  public byte[] toJson(String id, String source, String time) {
    StringBuilder sb = new StringBuilder(512);
    sb.append("{\"specversion\":\"1.0\",\"id\":");
    str(sb, id);
    sb.append(",\"source\":");
    str(sb, source);
    sb.append(",\"type\":");
    str(sb, granted() ? EventTypes.ACCESS_GRANTED : EventTypes.ACCESS_DENIED);
    sb.append(",\"time\":");
    str(sb, time);
    if (subject != null && !subject.isEmpty()) {
      sb.append(",\"subject\":");
      str(sb, subject);
    }
    sb.append(",\"datacontenttype\":\"application/json\",\"data\":{\"surface\":");
    str(sb, surface);
    sb.append(",\"rule_id\":");
    str(sb, ruleId);
    sb.append(",\"method\":");
    str(sb, method);
    sb.append(",\"host\":");
    str(sb, host);
    sb.append(",\"path\":");
    str(sb, path);
    sb.append(",\"subject\":");
    str(sb, subject == null || subject.isEmpty() ? null : subject);
    sb.append(",\"decision\":");
    str(sb, decision);
    sb.append(",\"status\":").append(status);
    sb.append(",\"handler\":");
    str(sb, handler);
    sb.append(",\"reason\":");
    str(sb, reason);
    sb.append(",\"latency_us\":").append(latencyMicros);
    sb.append(",\"client_address\":");
    str(sb, clientAddress);
    sb.append(",\"user_agent\":");
    str(sb, userAgent == null || userAgent.length() <= 256 ? userAgent : userAgent.substring(0, 256));
    sb.append(",\"trace_id\":");
    str(sb, traceId);
    sb.append("}}");
    return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * A JSON string. Written here, not with Jackson's {@code JsonStringEncoder}: that one spells 11 control characters
   * differently ({@code \b}, {@code \f}, upper-case hex), which would change the bytes on the audit topic, and it
   * took about 3.5 times as long for an event's usual values (clean ASCII, copied whole here).
   * {@code GoFormat.quote} in the rules module is not a second copy of this: it writes Go's syntax, not JSON.
   */
  private static void str(StringBuilder sb, String s) {
    if (s == null) {
      sb.append("null");
      return;
    }
    sb.append('"');
    // Most values need no escaping: copy them whole (one array copy) and only walk the rare ones char by char.
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        break;
      }
      i++;
    }
    if (i == s.length()) {
      sb.append(s).append('"');
      return;
    }
    sb.append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** The trace id of a W3C {@code traceparent} ("00-<trace id>-<parent id>-<flags>"), else {@code requestId}. */
  public static String traceId(String traceparent, String requestId) {
    if (traceparent != null && traceparent.length() >= 55 && traceparent.charAt(2) == '-') {
      return traceparent.substring(3, 35);
    }
    return requestId;
  }
}
