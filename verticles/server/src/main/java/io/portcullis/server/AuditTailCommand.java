package io.portcullis.server;

import io.portcullis.config.InvalidConfigException;
import io.portcullis.config.ConfigLoader;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.kafka.client.KafkaClientSettings;
import io.portcullis.kafka.client.KafkaClients;
import io.portcullis.kafka.events.CloudEvent;
import io.portcullis.kafka.events.EventJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code portcullis audit tail}: follows the audit topic and prints events, filtered by subject, type and rule. Reads
 * every partition without a consumer group, so it never takes events away from other consumers.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
    description = "Follows the audit topic. Without --from-beginning, only new events are shown.")
final class AuditTailCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Take bootstrap servers and topic from this configuration (portcullis.audit).")
  Path config;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers.")
  String bootstrapServers;

  @Option(names = "--topic", description = "Topic (default: portcullis.audit).")
  String topic;

  @Option(names = "--from-beginning", description = "Start at the oldest event kept.")
  boolean fromBeginning;

  @Option(names = "--subject", description = "Only events about this subject.")
  String subject;

  @Option(names = "--type", description = "Only events whose type contains this, e.g. access.denied.")
  String type;

  @Option(names = "--rule", description = "Only access events of this rule id.")
  String rule;

  @Option(names = "--json", description = "Print each event as one line of JSON.")
  boolean json;

  @Option(names = "--max", description = "Stop after this many events.")
  long max = Long.MAX_VALUE;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS",
      description = "Stop when no event arrived for this long (default: never).")
  long idleTimeout;

  @Override
  public Integer call() {
    String servers = bootstrapServers;
    String name = topic;
    if (config != null) {
      try {
        PortcullisConfig.Audit audit = ConfigLoader.load(config).config().portcullis().audit();
        servers = servers == null ? audit.bootstrapServers() : servers;
        name = name == null ? audit.topic() : name;
      } catch (InvalidConfigException e) {
        System.err.println("configuration error: " + e.getMessage());
        return 2;
      }
    }
    if (servers == null || servers.isBlank()) {
      System.err.println("error: give --bootstrap-servers or a --config with portcullis.audit.bootstrap_servers");
      return 2;
    }
    String topicName = name == null ? "portcullis.audit" : name;
    Properties props = KafkaClients.consumer(KafkaClientSettings.of(servers).clientId("portcullis-audit-tail"));
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topicName, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topicName, p.partition())).toList();
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      long printed = 0;
      long lastEvent = System.nanoTime();
      while (printed < max) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, byte[]> r : records) {
          if (printed >= max) {
            break;
          }
          if (print(r.value())) {
            printed++;
          }
          lastEvent = System.nanoTime();
        }
        if (idleTimeout > 0 && System.nanoTime() - lastEvent > Duration.ofSeconds(idleTimeout).toNanos()) {
          break;
        }
      }
    }
    return 0;
  }

  private boolean print(byte[] value) {
    CloudEvent e;
    try {
      e = EventJson.parse(value);
    } catch (IllegalArgumentException notAnEvent) {
      System.err.println("skipped a record that is not a CloudEvent");
      return false;
    }
    Map<String, Object> data = e.data() == null ? Map.of() : e.data();
    if ((subject != null && !subject.equals(e.subject())) || (type != null && !e.type().contains(type))
        || (rule != null && !rule.equals(data.get("rule_id")))) {
      return false;
    }
    if (json) {
      System.out.println(new String(value, StandardCharsets.UTF_8));
    } else {
      System.out.printf("%s  %-16s %-24s %s %s%s  %s%s%n", e.time(), shortType(e.type()),
          "rule=" + data.getOrDefault("rule_id", "-"), data.getOrDefault("method", ""),
          data.getOrDefault("host", ""), data.getOrDefault("path", ""), data.getOrDefault("status", ""),
          (e.subject() == null ? "" : "  subject=" + e.subject())
              + (data.get("handler") == null ? "" : "  handler=" + data.get("handler")));
    }
    return true;
  }

  private static String shortType(String type) {
    return type.replace("sh.portcullis.", "").replaceAll("\\.v\\d+$", "");
  }
}
