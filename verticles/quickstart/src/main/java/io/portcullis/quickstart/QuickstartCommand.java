package io.portcullis.quickstart;

import io.portcullis.config.ConfigLoader;
import io.portcullis.config.LoadedConfig;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.server.Failures;
import io.portcullis.server.Logging;
import io.portcullis.server.Node;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code portcullis quickstart}: the whole stack on this machine with nothing to install: a demo upstream behind rules
 * that show an anonymous path with an identity header, a denied path and a path that asks for credentials, plus the
 * identity service on an embedded PostgreSQL with a demo identity. Writes its configuration and rules to a folder so
 * they can be edited live. If PostgreSQL cannot start, the proxy tour still runs, without the identity service.
 */
@Command(name = "portcullis quickstart", mixinStandardHelpOptions = true,
    description = "Runs Portcullis on embedded defaults in front of a demo upstream, with the identity service on an "
        + "embedded PostgreSQL, and prints what to try.")
final class QuickstartCommand implements Callable<Integer> {
  @Option(names = "--proxy-port", description = "Proxy port (default: ${DEFAULT-VALUE}).")
  int proxyPort = 4455;

  @Option(names = "--api-port", description = "API port (default: ${DEFAULT-VALUE}).")
  int apiPort = 4456;

  @Option(names = "--metrics-port", description = "Metrics port (default: ${DEFAULT-VALUE}).")
  int metricsPort = 9000;

  @Option(names = "--upstream-port", description = "Demo upstream port (default: ${DEFAULT-VALUE}).")
  int upstreamPort = 4480;

  @Option(names = "--identity-port", description = "Identity public API port (default: ${DEFAULT-VALUE}).")
  int identityPort = 4433;

  @Option(names = "--identity-admin-port", description = "Identity admin API port (default: ${DEFAULT-VALUE}).")
  int identityAdminPort = 4434;

  @Option(names = "--postgres-port", description = "Embedded PostgreSQL port (default: a free one).")
  int postgresPort;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where to write the configuration, rules and database (default: a new temporary folder). "
          + "Reuse it to keep identities.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path home = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("portcullis-quickstart");
    Ports ports = new Ports(proxyPort, apiPort, metricsPort, upstreamPort, identityPort, identityAdminPort);
    // Before PostgreSQL starts: keeps zonky's start-up chatter out of the banner's way.
    Logging.apply(new PortcullisConfig.Log(null, null, null, null));
    QuickstartPostgres postgres = startPostgres(home);
    LoadedConfig loaded = ConfigLoader.load(QuickstartFiles.write(home, ports, postgres == null ? null
        : postgres.dsn()));
    Logging.apply(loaded.config().log());
    Vertx upstreamVertx = Vertx.vertx();
    Node node = null;
    DemoIdentity.Credentials demo = null;
    boolean started = false;
    try {
      try {
        DemoUpstream.start(upstreamVertx, upstreamPort);
      } catch (Exception e) {
        System.err.println("cannot start the demo upstream on 127.0.0.1:" + upstreamPort + ": " + e.getMessage()
            + " (choose another with --upstream-port)");
        return 1;
      }
      try {
        node = Node.start(loaded);
      } catch (Exception e) {
        System.err.println("cannot start: " + Failures.rootMessage(e) + " (ports can be changed with --proxy-port, "
            + "--api-port, --metrics-port, --identity-port, --identity-admin-port)");
        return 1;
      }
      if (postgres != null) {
        try {
          demo = DemoIdentity.ensure(home, ports.identityAdminUrl());
        } catch (Exception e) {
          System.err.println("cannot create the demo identity: " + Failures.rootMessage(e));
          return 1;
        }
      }
      started = true;
    } finally {
      if (!started) {
        stop(node, upstreamVertx, postgres);
      }
    }
    System.out.println(QuickstartFiles.banner(home, ports, demo));
    CountDownLatch stopped = new CountDownLatch(1);
    Node running = node;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop(running, upstreamVertx, postgres);
      stopped.countDown();
    }, "portcullis-shutdown"));
    stopped.await();
    return 0;
  }

  /** Null when PostgreSQL cannot start: the proxy tour runs anyway, and the message says what to do. */
  private QuickstartPostgres startPostgres(Path home) {
    try {
      return QuickstartPostgres.start(home, postgresPort);
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      System.err.println("Continuing without the identity service.");
      return null;
    }
  }

  /** Node first, so the identity service closes its pool before PostgreSQL goes away. */
  private static void stop(Node node, Vertx upstreamVertx, QuickstartPostgres postgres) {
    if (node != null) {
      node.close();
    }
    upstreamVertx.close().await();
    if (postgres != null) {
      postgres.close();
    }
  }
}
