package io.portcullis.kafka.client;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The configuration of every Kafka client Portcullis creates, from one {@link KafkaClientSettings}: what all clients
 * of a kind share is set here once, what a role tunes comes from its settings' overrides. Serializers are not set:
 * the role passes them to the client's constructor, with the key and value types it uses.
 */
public final class KafkaClients {
  private KafkaClients() {
  }

  /**
   * An idempotent producer with {@code acks=all}: a record Kafka acknowledged is on every in-sync replica, and the
   * producer's own retries write no duplicates.
   */
  public static Properties producer(KafkaClientSettings settings) {
    Properties p = common(settings);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return overridden(p, settings, ProducerConfig.configNames(), "producer");
  }

  /** A consumer outside any group: it assigns itself partitions and keeps its position in memory, committing none. */
  public static Properties consumer(KafkaClientSettings settings) {
    Properties p = common(settings);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return overridden(p, settings, ConsumerConfig.configNames(), "consumer");
  }

  public static Properties admin(KafkaClientSettings settings) {
    return overridden(common(settings), settings, AdminClientConfig.configNames(), "admin client");
  }

  private static Properties common(KafkaClientSettings settings) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    if (settings.clientId() != null) {
      p.put(CommonClientConfigs.CLIENT_ID_CONFIG, settings.clientId());
    }
    return p;
  }

  /** Applies the overrides; a name the client does not know is a mistake that Kafka would only log. */
  private static Properties overridden(Properties p, KafkaClientSettings settings, Set<String> known, String kind) {
    for (Map.Entry<String, String> e : settings.overrides().entrySet()) {
      if (!known.contains(e.getKey())) {
        throw new IllegalArgumentException(e.getKey() + " is not a Kafka " + kind + " setting");
      }
      p.put(e.getKey(), e.getValue());
    }
    return p;
  }
}
