package io.portcullis.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Vert.x Kafka client of the Vert.x BOM (5.0.7, built for kafka-clients 3.x) on the kafka-clients 4.4.0
 * this project pins. Producing and consuming work. Two calls reach methods removed in kafka-clients 4.0 and
 * hit {@link NoSuchMethodError}: {@code KafkaConsumer.committed(TopicPartition)} (the error is swallowed on the
 * consumer's worker thread, so its Future never completes) and {@code KafkaAdminClient.listConsumerGroupOffsets}
 * with {@code ListConsumerGroupOffsetsOptions.topicPartitions} set (thrown to the caller). Avoid both.
 */
@ExtendWith(VertxExtension.class)
class VertxKafkaClientTest {
  static EmbeddedKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopic("vertx", 1);
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void producesAndConsumesThroughVertxClient(Vertx vertx, VertxTestContext test) {
    // Guards the pin: without it the Vert.x BOM would put kafka-clients 3.7.1 here.
    assertThat(AppInfoParser.getVersion()).isEqualTo("4.4.0");
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
    var sent = test.checkpoint();
    var received = test.checkpoint();
    consumer.exceptionHandler(test::failNow);
    // Checked on the consumer's context; the extension closes the Vert.x instance (and both clients) afterwards.
    consumer.handler(record -> test.verify(() -> {
      assertThat(record.key()).isEqualTo("key");
      assertThat(record.value()).isEqualTo("hello");
      received.flag();
    }));
    consumer.subscribe("vertx")
        .compose(x -> producer.send(KafkaProducerRecord.create("vertx", "key", "hello")))
        .onComplete(test.succeeding(metadata -> test.verify(() -> {
          assertThat(metadata.getTopic()).isEqualTo("vertx");
          sent.flag();
        })));
  }
}
