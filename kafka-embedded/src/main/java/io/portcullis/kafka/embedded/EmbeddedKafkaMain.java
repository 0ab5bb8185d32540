package io.portcullis.kafka.embedded;

/**
 * Runs a single-node broker until the process is stopped, for benchmarks and demos:
 * {@code java -cp ... io.portcullis.kafka.embedded.EmbeddedKafkaMain TOPIC PARTITIONS}. Prints the bootstrap servers
 * on the first line of standard output once the topic exists.
 */
public final class EmbeddedKafkaMain {
  private EmbeddedKafkaMain() {
  }

  public static void main(String[] args) throws Exception {
  EmbeddedKafka kafka = EmbeddedKafka.start();
  Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
  if (args.length > 0) {
    kafka.createTopic(args[0], args.length > 1 ? Integer.parseInt(args[1]) : 1);
  }
  System.out.println(kafka.bootstrapServers());
  System.out.flush();
  Thread.currentThread().join();
  }
}
