package io.portcullis.kafka.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A single-node Kafka broker (KRaft, combined broker+controller) running in this JVM, listening on
 * 127.0.0.1 only. Meant for tests and benchmarks, not for production.
 *
 * <p>A broker can be {@link #stop() stopped} and brought back with
 * {@link #start(Path, int, int)} on the same directory and ports, keeping its topics and records.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final long STARTUP_TIMEOUT_MS = 30_000;
  private static final long ADMIN_TIMEOUT_MS = 30_000;

  private final Path logDir;
  private final int brokerPort;
  private final int controllerPort;
  private final boolean ownsLogDir;
  private KafkaRaftServer server;

  private EmbeddedKafka(Path logDir, int brokerPort, int controllerPort, boolean ownsLogDir) {
    this.logDir = logDir;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    this.ownsLogDir = ownsLogDir;
  }

  /** Starts a broker on a fresh temporary directory (deleted by {@link #close()}) and free ports. */
  public static EmbeddedKafka start() throws Exception {
    return start(false);
  }

  /** Like {@link #start()}, choosing whether producing to an unknown topic creates it. */
  public static EmbeddedKafka start(boolean autoCreateTopics) throws Exception {
    Path dir = Files.createTempDirectory("embedded-kafka-");
    int[] ports = freePorts(2);
    try {
      return start(dir, ports[0], ports[1], autoCreateTopics, true);
    } catch (Exception e) {
      deleteRecursively(dir);
      throw e;
    }
  }

  /**
   * Starts a broker on the given directory and ports. An empty directory is formatted first;
   * an already formatted one (from an earlier, stopped broker) is reused with its data, which
   * is how a broker is restarted. The directory is left in place by {@link #close()}.
   */
  public static EmbeddedKafka start(Path logDir, int brokerPort, int controllerPort) throws Exception {
    return start(logDir, brokerPort, controllerPort, false);
  }

  public static EmbeddedKafka start(Path logDir, int brokerPort, int controllerPort, boolean autoCreateTopics)
      throws Exception {
    return start(logDir, brokerPort, controllerPort, autoCreateTopics, false);
  }

  private static EmbeddedKafka start(Path logDir, int brokerPort, int controllerPort, boolean autoCreateTopics,
                     boolean ownsLogDir) throws Exception {
    EmbeddedKafka kafka = new EmbeddedKafka(logDir.toAbsolutePath(), brokerPort, controllerPort, ownsLogDir);
    kafka.boot(autoCreateTopics);
    return kafka;
  }

  public String bootstrapServers() {
    return HOST + ":" + brokerPort;
  }

  public Path logDir() {
    return logDir;
  }

  public int brokerPort() {
    return brokerPort;
  }

  public int controllerPort() {
    return controllerPort;
  }

  /** Creates a topic (replication factor 1) and waits until every partition has a leader. */
  public void createTopic(String name, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      // Creation completes once the controller commits it; clients see the topic only when
      // the broker's metadata cache has the partition leaders, which is a moment later.
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ADMIN_TIMEOUT_MS);
      while (true) {
        TopicDescription description = describeIfKnown(admin, name);
        if (description != null && description.partitions().size() == partitions
            && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("Topic " + name + " has no leader for every partition after "
              + ADMIN_TIMEOUT_MS + " ms: " + description);
        }
        Thread.sleep(20);
      }
    }
  }

  /** The topic as the broker's metadata cache has it, or null while that cache does not know it yet. */
  private static TopicDescription describeIfKnown(Admin admin, String name) throws Exception {
    try {
      return admin.describeTopics(List.of(name)).allTopicNames()
          .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(name);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw e;
    }
  }

  /** Stops the broker and its controller; the listener ports are closed when this returns. */
  public synchronized void stop() {
    if (server != null) {
      KafkaRaftServer s = server;
      server = null;
      s.shutdown();
      s.awaitShutdown();
    }
  }

  /**
   * Stops the broker and deletes its directory if {@link #start()} created it. A broker restarted on
   * that directory must therefore be closed before the instance that created it.
   */
  @Override
  public void close() {
    stop();
    if (ownsLogDir) {
      deleteRecursively(logDir);
    }
  }

  private synchronized void boot(boolean autoCreateTopics) throws Exception {
    Files.createDirectories(logDir);
    KafkaConfig config = KafkaConfig.fromProps(config(autoCreateTopics), false);
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      format();
    }
    KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
    server = s;
    try {
      // Blocks until the broker is unfenced, bounded by server.max.startup.time.ms.
      s.startup();
      awaitReady();
    } catch (Exception e) {
      stop();
      throw new IllegalStateException("Embedded Kafka did not start on " + bootstrapServers()
          + " (controller port " + controllerPort + ", dir " + logDir + ")", e);
    }
  }

  private void format() throws Exception {
    new Formatter()
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .addDirectory(logDir.toString())
        // The metadata log lives in the only log dir; naming it makes the formatter write the
        // bootstrap snapshot (metadata.version and features) there.
        .setMetadataLogDirectory(logDir.toString())
        .setControllerListenerName("CONTROLLER")
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .run();
  }

  private Properties config(boolean autoCreateTopics) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    // A static voter set: the quorum is this node alone, on a fixed port, so a restart on the
    // same port needs no re-formatting.
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("auto.create.topics.enable", String.valueOf(autoCreateTopics));
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    // Internal topics default to replication factor 3 (2 for share state), which one node cannot
    // satisfy; one partition each keeps the first consumer group / transaction fast.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // The machine this runs on may be small: fewer threads than the broker's defaults.
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("log.cleaner.threads", "1");
    p.put("server.max.startup.time.ms", String.valueOf(STARTUP_TIMEOUT_MS));
    return p;
  }

  /** Waits until the broker answers a client's metadata request, so callers can use it at once. */
  private void awaitReady() throws Exception {
    try (Admin admin = admin()) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STARTUP_TIMEOUT_MS);
      while (admin.describeCluster().nodes().get(STARTUP_TIMEOUT_MS, TimeUnit.MILLISECONDS).isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("Broker " + bootstrapServers() + " reported no live node after "
              + STARTUP_TIMEOUT_MS + " ms");
        }
        Thread.sleep(20);
      }
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT_MS,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT_MS));
  }

  /** Ports the OS considers free now; all are held open together so they differ. */
  private static int[] freePorts(int count) throws IOException {
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(HOST));
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          socket.close();
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + dir, e);
    }
  }
}
