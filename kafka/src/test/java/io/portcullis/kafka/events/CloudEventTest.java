package io.portcullis.kafka.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventTest {
  @Test
  void serializesAsStructuredCloudEvent() throws Exception {
    ObjectMapper json = new ObjectMapper();
    CloudEvent e = new CloudEvent("1.0", "id-1", "/portcullis/proxy/n1", EventTypes.ACCESS_DENIED,
        "2026-11-29T00:00:00Z", "alice", "application/json", Map.of("rule", "admin"));
    JsonNode node = json.readTree(json.writeValueAsString(e));
    assertThat(node.get("specversion").asText()).isEqualTo("1.0");
    assertThat(node.get("type").asText()).isEqualTo("sh.portcullis.access.denied.v1");
    assertThat(node.get("time").asText()).endsWith("Z");
    assertThat(node.get("data").get("rule").asText()).isEqualTo("admin");
  }

  @Test
  void refusesAnotherSpecVersion() {
    assertThatThrownBy(() -> new CloudEvent("0.3", "id", "/s", "t", null, null, null, null))
        .hasMessageContaining("specversion");
  }
}
