package io.portcullis.kafka.embedded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaTest {

  private static final String TOPIC = "events";
  private static final int COUNT = 100;

  @Test
  @Timeout(120)
  void keepsRecordsAcrossStopAndRestart() throws Exception {
    long t0 = System.nanoTime();
    EmbeddedKafka kafka = EmbeddedKafka.start();
    Path dir = kafka.logDir();
    log("start", t0);
    try (KafkaProducer<String, String> producer = producer(kafka)) {
      kafka.createTopic(TOPIC, 2);
      for (int i = 0; i < COUNT; i++) {
        producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i)).get(10, TimeUnit.SECONDS);
      }
      assertThat(consumeAll(kafka, "first", COUNT)).containsExactlyInAnyOrderElementsOf(values(COUNT));

      t0 = System.nanoTime();
      kafka.stop();
      log("stop", t0);
      kafka.stop(); // idempotent
      assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", kafka.brokerPort()), 1000))
          .isInstanceOf(ConnectException.class);

      // The producer knows the topic already, so the send is accepted and then expires.
      t0 = System.nanoTime();
      Future<?> lost = producer.send(new ProducerRecord<>(TOPIC, "lost", "lost"));
      assertThatThrownBy(() -> lost.get(15, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));

      t0 = System.nanoTime();
      try (EmbeddedKafka restarted = EmbeddedKafka.start(dir, kafka.brokerPort(), kafka.controllerPort())) {
        log("restart", t0);
        assertThat(restarted.bootstrapServers()).isEqualTo(kafka.bootstrapServers());
        // The same producer reconnects by itself.
        producer.send(new ProducerRecord<>(TOPIC, "after", "after-restart")).get(30, TimeUnit.SECONDS);
        List<String> expected = new ArrayList<>(values(COUNT));
        expected.add("after-restart");
        assertThat(consumeAll(restarted, "second", COUNT + 1)).containsExactlyInAnyOrderElementsOf(expected);
      }
      // A directory given by the caller is the caller's to delete.
      assertThat(dir).exists();
    } finally {
      kafka.close();
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  @Timeout(60)
  void autoCreatesTopicsWhenAsked() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(true);
       KafkaProducer<String, String> producer = producer(kafka)) {
      producer.send(new ProducerRecord<>("auto", "k", "v")).get(30, TimeUnit.SECONDS);
      assertThat(consumeAll(kafka, "auto", 1, "auto")).containsExactly("v");
    }
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000,
        ProducerConfig.LINGER_MS_CONFIG, 0),
        new StringSerializer(), new StringSerializer());
  }

  private static List<String> consumeAll(EmbeddedKafka kafka, String group, int count) {
    return consumeAll(kafka, group, count, TOPIC);
  }

  private static List<String> consumeAll(EmbeddedKafka kafka, String group, int count, String topic) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (values.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  private static List<String> values(int count) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add("v" + i);
    }
    return values;
  }

  private static void log(String what, long startNanos) {
    System.out.printf("%s took %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }
}
