package io.portcullis.kafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
  @Test
  void producersAreIdempotentAndWaitForAllReplicas() {
    assertThat(KafkaClients.producer(KafkaClientSettings.of("k:9092"))).containsExactlyInAnyOrderEntriesOf(Map.of(
        "bootstrap.servers", "k:9092", "acks", "all", "enable.idempotence", "true"));
  }

  @Test
  void consumersCommitNothing() {
    assertThat(KafkaClients.consumer(KafkaClientSettings.of("k:9092").clientId("me")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("bootstrap.servers", "k:9092", "client.id", "me",
            "enable.auto.commit", "false"));
  }

  @Test
  void overridesWinAndAreKeptAsStrings() {
    KafkaClientSettings s = KafkaClientSettings.of("k:9092").with("request.timeout.ms", 10_000).with("acks", "1");
    assertThat(KafkaClients.producer(s)).containsEntry("request.timeout.ms", "10000").containsEntry("acks", "1");
  }

  @Test
  void adminClientsGetTheBrokersAndTheirOverridesOnly() {
    assertThat(KafkaClients.admin(KafkaClientSettings.of("k:9092").with("request.timeout.ms", 10_000)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("bootstrap.servers", "k:9092", "request.timeout.ms", "10000"));
  }

  @Test
  void anOverrideTheClientDoesNotKnowIsRefused() {
    KafkaClientSettings s = KafkaClientSettings.of("k:9092").with("linger.ms", 5);
    assertThatThrownBy(() -> KafkaClients.consumer(s)).hasMessage("linger.ms is not a Kafka consumer setting");
    assertThatThrownBy(() -> KafkaClients.producer(KafkaClientSettings.of("k").with("lingerms", 5)))
        .hasMessage("lingerms is not a Kafka producer setting");
  }

  @Test
  void theBrokersAreRequired() {
    assertThatThrownBy(() -> KafkaClientSettings.of(" ")).hasMessage("bootstrapServers is empty");
  }
}
