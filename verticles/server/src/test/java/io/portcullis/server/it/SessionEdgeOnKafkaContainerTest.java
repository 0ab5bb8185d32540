package io.portcullis.server.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * {@link SessionEdgeTest} against Apache Kafka in a container, where a Docker engine exists (skipped elsewhere, as on
 * the CI machines, which have none): the in-process broker is a test double of sorts, and this keeps it honest.
 * Its static {@code start}/{@code stop} hide the parent's, so only the container's broker runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class SessionEdgeOnKafkaContainerTest extends SessionEdgeTest {
  @Container
  static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.0.0");

  @BeforeAll
  static void start() throws Exception {
    startNode(KAFKA.getBootstrapServers());
  }

  @AfterAll
  static void stop() {
    stopNode();
  }
}
