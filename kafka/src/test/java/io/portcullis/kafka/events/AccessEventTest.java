package io.portcullis.kafka.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessEventTest {
  @Test
  void writesACloudEventWithEscapedValues() {
    AccessEvent e = new AccessEvent("proxy", "admin", "GET", "app.example.com", "/a \"b\"\n", "alice", "denied", 403,
        "deny", "nope\\", 120, "10.0.0.1", "curl/8", null);
    CloudEvent parsed = EventJson.parse(e.toJson("id-1", "/portcullis/n1", "2026-11-29T00:00:00Z"));
    assertThat(parsed.type()).isEqualTo(EventTypes.ACCESS_DENIED);
    assertThat(parsed.subject()).isEqualTo("alice");
    assertThat(parsed.id()).isEqualTo("id-1");
    assertThat(parsed.data()).containsEntry("path", "/a \"b\"\n").containsEntry("reason", "nope\\")
        .containsEntry("status", 403).containsEntry("rule_id", "admin").containsEntry("trace_id", null);
  }

  /** The bytes on the audit topic: short escapes only for quote, backslash, newline, return and tab. */
  @Test
  void controlCharactersAreEscapedAsBefore() {
    AccessEvent e = new AccessEvent("proxy", null, "GET", "h", "/p", null, "granted", 200, null,
        "\b\f\u000b\u001f\u007f\t\"<&", 1, "a", "ua", null);
    String json = new String(e.toJson("i", "/s", "t"), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json).contains("\"reason\":\"\\u0008\\u000c\\u000b\\u001f\u007f\\t\\\"<&\"");
  }

  @Test
  void traceIdComesFromTraceparentElseRequestId() {
    assertThat(AccessEvent.traceId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "r"))
        .isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(AccessEvent.traceId(null, "req-7")).isEqualTo("req-7");
  }
}
