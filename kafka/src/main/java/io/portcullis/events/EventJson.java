package io.portcullis.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** Structured-mode CloudEvents JSON, as written to Kafka. */
public final class EventJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventJson() {
  }

  public static byte[] bytes(CloudEvent event) {
    try {
      return JSON.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event could not be serialized", e);
    }
  }

  public static CloudEvent parse(byte[] json) {
    try {
      return JSON.readValue(json, CloudEvent.class);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a CloudEvent: " + new String(json, StandardCharsets.UTF_8), e);
    }
  }
}
