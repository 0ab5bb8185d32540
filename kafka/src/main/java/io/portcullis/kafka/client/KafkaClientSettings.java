package io.portcullis.kafka.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one Kafka client of a role is given: the brokers, its {@code client.id} (null: Kafka's default) and the
 * client settings that are its own (timeouts, batching), stated by the role where it creates the client.
 */
public record KafkaClientSettings(String bootstrapServers, String clientId, Map<String, String> overrides) {

  public KafkaClientSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers is empty");
    }
    overrides = Map.copyOf(overrides);
  }

  public static KafkaClientSettings of(String bootstrapServers) {
    return new KafkaClientSettings(bootstrapServers, null, Map.of());
  }

  public KafkaClientSettings clientId(String id) {
    return new KafkaClientSettings(bootstrapServers, id, overrides);
  }

  /** These settings with Kafka client setting {@code key} set to {@code value}. */
  public KafkaClientSettings with(String key, Object value) {
    Map<String, String> more = new LinkedHashMap<>(overrides);
    more.put(key, String.valueOf(value));
    return new KafkaClientSettings(bootstrapServers, clientId, more);
  }
}
