package io.portcullis.server.it;

import io.portcullis.kafka.embedded.EmbeddedKafka;
import io.portcullis.kafka.events.CloudEvent;
import io.portcullis.kafka.events.EventJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic of an in-process broker (the audit stream, revocations), as a consumer of it would. */
final class AuditTopic {
  private AuditTopic() {
  }

  /**
   * The environment of a node with audit on to {@code kafka}, spooling in {@code spool}, plus {@code more} (name,
   * value pairs).
   */
  static Map<String, String> auditOn(EmbeddedKafka kafka, Path spool, String... more) {
    Map<String, String> env = new HashMap<>(Map.of("PORTCULLIS_PORTCULLIS_AUDIT_ENABLED", "true",
        "PORTCULLIS_PORTCULLIS_AUDIT_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "PORTCULLIS_PORTCULLIS_AUDIT_SPOOL_DIRECTORY", spool.toString()));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  /** Every event on {@code topic} by id, read until {@code expected} distinct ids arrived or the deadline passed. */
  static Map<String, CloudEvent> events(EmbeddedKafka kafka, String topic, int expected, Duration within) {
    Map<String, CloudEvent> byId = new HashMap<>();
    read(kafka, topic, within, () -> byId.size() >= expected, bytes -> {
      CloudEvent e = EventJson.parse(bytes);
      byId.put(e.id(), e);
    });
    return byId;
  }

  /**
   * Hands every record value of {@code topic}, from the start, to {@code each} until {@code done} or the deadline,
   * then half a second longer, to see records that should not be there.
   */
  static void read(EmbeddedKafka kafka, String topic, Duration within, BooleanSupplier done, Consumer<byte[]> each) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("enable.auto.commit", "false");
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + within.toNanos();
      while (!done.getAsBoolean() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> each.accept(r.value()));
      }
      consumer.poll(Duration.ofMillis(500)).forEach(r -> each.accept(r.value()));
    }
  }
}
