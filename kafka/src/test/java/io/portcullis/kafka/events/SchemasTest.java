package io.portcullis.kafka.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/** Every declared event type has a schema, and access events carry exactly the fields their schema names. */
class SchemasTest {
  private final ObjectMapper json = new ObjectMapper();

  private JsonNode schema(String type) throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/schemas/" + type + ".json")) {
      assertThat(in).as("schema for " + type).isNotNull();
      return json.readTree(in);
    }
  }

  @Test
  void everyTypeHasASchema() throws Exception {
    for (String type : EventTypes.ALL) {
      assertThat(schema(type).get("title").asText()).contains(type);
    }
    assertThat(schema("cloudevent").get("required").toString()).contains("specversion", "id", "source", "type");
  }

  @Test
  void accessEventsMatchTheirSchema() throws Exception {
    AccessEvent e = new AccessEvent("proxy", "r", "GET", "h", "/p", "s", "granted", 200, null, null, 5, "1.2.3.4",
        "ua", null);
    JsonNode data = json.readTree(e.toJson("i", "/s", "2026-01-01T00:00:00Z")).get("data");
    JsonNode properties = schema(EventTypes.ACCESS_GRANTED).get("properties");
    for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      assertThat(properties.has(field)).as("field " + field + " is in the schema").isTrue();
    }
    for (JsonNode required : schema(EventTypes.ACCESS_GRANTED).get("required")) {
      assertThat(data.has(required.asText())).as("required " + required).isTrue();
    }
  }
}
