package io.portcullis.kafka.embedded;

import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vert.x Kafka client of the Vert.x BOM (5.0.7, built for kafka-clients 3.x) on the kafka-clients 4.4.0
 * this project pins. Producing and consuming work. Two calls reach methods removed in kafka-clients 4.0 and
 * hit {@link NoSuchMethodError}: {@code KafkaConsumer.committed(TopicPartition)} (the error is swallowed on the
 * consumer's worker thread, so its Future never completes) and {@code KafkaAdminClient.listConsumerGroupOffsets}
 * with {@code ListConsumerGroupOffsetsOptions.topicPartitions} set (thrown to the caller). Avoid both.
 */
class VertxKafkaClientTest {

  @Test
  @Timeout(60)
  void producesAndConsumesThroughVertxClient() throws Exception {
    // Guards the pin: without it the Vert.x BOM would put kafka-clients 3.7.1 here.
    assertThat(AppInfoParser.getVersion()).isEqualTo("4.4.0");
    Vertx vertx = Vertx.vertx();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("vertx", 1);
      KafkaProducer<String, String> producer = KafkaProducer.create(vertx, Map.of(
          "bootstrap.servers", kafka.bootstrapServers(),
          "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
          "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
          "acks", "all",
          "enable.idempotence", "true"));
      KafkaConsumer<String, String> consumer = KafkaConsumer.create(vertx, Map.of(
          "bootstrap.servers", kafka.bootstrapServers(),
          "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
          "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
          "group.id", "vertx",
          "auto.offset.reset", "earliest"));
      try {
        CompletableFuture<KafkaConsumerRecord<String, String>> received = new CompletableFuture<>();
        consumer.handler(received::complete);
        consumer.exceptionHandler(received::completeExceptionally);
        consumer.subscribe("vertx").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        RecordMetadata metadata = producer.send(KafkaProducerRecord.create("vertx", "key", "hello"))
            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(metadata.getTopic()).isEqualTo("vertx");

        KafkaConsumerRecord<String, String> record = received.get(30, TimeUnit.SECONDS);
        assertThat(record.key()).isEqualTo("key");
        assertThat(record.value()).isEqualTo("hello");
      } finally {
        consumer.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        producer.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
