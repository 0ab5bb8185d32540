package io.portcullis.server.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A Portcullis node in its own JVM ({@code portcullis serve}), from this test's class path, on loopback. */
final class NodeProcess implements AutoCloseable {
  final int proxyPort = FreePorts.next();
  final int apiPort = FreePorts.next();
  final int metricsPort = FreePorts.next();
  final Path dir;
  private Process process;

  /** @param portcullisYaml keys under {@code portcullis:} (indented two spaces) and then top-level keys */
  NodeProcess(String name, String portcullisYaml, String rules) throws Exception {
    this(name, "{level: warn}", portcullisYaml, rules);
  }

  /** @param log the value of the top-level {@code log} key, e.g. {@code "{format: json}"} */
  NodeProcess(String name, String log, String portcullisYaml, String rules) throws Exception {
    dir = Files.createTempDirectory("portcullis-" + name);
    Files.writeString(dir.resolve("rules.yml"), rules);
    Files.writeString(dir.resolve("portcullis.yml"), """
        serve:
          proxy: {port: %d, host: 127.0.0.1}
          api: {port: %d, host: 127.0.0.1}
          prometheus: {port: %d, host: 127.0.0.1}
        log: %s
        portcullis:
          proxy: {instances: 2}
        """.formatted(proxyPort, apiPort, metricsPort, log) + portcullisYaml);
    launch();
  }

  /** Starts the JVM; again after {@link #kill()}, with the same configuration and ports. */
  void launch() throws java.io.IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), "io.portcullis.server.Main", "serve", "--config",
        dir.resolve("portcullis.yml").toString()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile()))
        .directory(new File(dir.toString())).start();
  }

  /** SIGTERM, as Kubernetes stops a pod; returns the exit status once the process has ended (bounded). */
  int terminate(Duration limit) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new AssertionError("node still running " + limit + " after SIGTERM");
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook runs, the node vanishes from the cluster as a crashed one does. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Waits until the node serves and its session cache is trusted (its revocation feed is current). */
  void awaitTrusted(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("node exited: " + Files.readString(dir.resolve("node.log")));
      }
      try {
        last = Http.get(apiPort, "/health/ready").body();
        if (last.contains("\"cache\":\"trusted\"")) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("node not trusted within " + limit + ": " + last + "\n"
        + Files.readString(dir.resolve("node.log")));
  }

  /** Everything the process wrote to standard output and standard error so far. */
  String output() throws java.io.IOException {
    return Files.readString(dir.resolve("node.log"));
  }

  String ready() throws Exception {
    return Http.get(apiPort, "/health/ready").body();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
