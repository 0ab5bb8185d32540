package io.portcullis.kafka.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** Reads structured-mode CloudEvents JSON, as the audit role writes it to Kafka. */
public final class EventJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventJson() {
  }

  public static CloudEvent parse(byte[] json) {
    try {
      return JSON.readValue(json, CloudEvent.class);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a CloudEvent: " + new String(json, StandardCharsets.UTF_8), e);
    }
  }
}
