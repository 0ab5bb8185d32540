package io.portcullis.server.it;

import io.portcullis.kafka.embedded.EmbeddedKafka;
import io.portcullis.kafka.events.CloudEvent;
import io.portcullis.kafka.events.EventJson;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the audit topic of an in-process broker, as a consumer of the stream would. */
final class AuditTopic {
  private AuditTopic() {
  }

  /** Every event on {@code topic} by id, read until {@code expected} distinct ids arrived or the deadline passed. */
  static Map<String, CloudEvent> events(EmbeddedKafka kafka, String topic, int expected, Duration within) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("enable.auto.commit", "false");
    Map<String, CloudEvent> byId = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + within.toNanos();
      while (byId.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          CloudEvent e = EventJson.parse(r.value());
          byId.put(e.id(), e);
        }
      }
      // A little longer, to see events that should not be there.
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        CloudEvent e = EventJson.parse(r.value());
        byId.put(e.id(), e);
      }
    }
    return byId;
  }
}
