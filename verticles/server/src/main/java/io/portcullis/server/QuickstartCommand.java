package io.portcullis.server;

import io.portcullis.config.ConfigLoader;
import io.portcullis.config.LoadedConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code portcullis quickstart}: the whole stack on embedded defaults, on this machine, with nothing to install: a
 * demo upstream behind rules that show an anonymous path with an identity header, a denied path and a path that asks
 * for credentials. Writes its configuration and rules to a folder so they can be edited live.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = "Runs Portcullis on embedded defaults in front of a demo upstream and prints what to try.")
final class QuickstartCommand implements Callable<Integer> {
  @Option(names = "--proxy-port", description = "Proxy port (default: ${DEFAULT-VALUE}).")
  int proxyPort = 4455;

  @Option(names = "--api-port", description = "API port (default: ${DEFAULT-VALUE}).")
  int apiPort = 4456;

  @Option(names = "--metrics-port", description = "Metrics port (default: ${DEFAULT-VALUE}).")
  int metricsPort = 9000;

  @Option(names = "--upstream-port", description = "Demo upstream port (default: ${DEFAULT-VALUE}).")
  int upstreamPort = 4480;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where to write the configuration and rules (default: a new temporary folder).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path home = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("portcullis-quickstart");
    Path config = QuickstartFiles.write(home, proxyPort, apiPort, metricsPort, upstreamPort);
    LoadedConfig loaded = ConfigLoader.load(config);
    Logging.apply(loaded.config().log());
    Vertx upstreamVertx = Vertx.vertx();
    try {
      DemoUpstream.start(upstreamVertx, upstreamPort);
    } catch (Exception e) {
      System.err.println("cannot start the demo upstream on 127.0.0.1:" + upstreamPort + ": " + e.getMessage()
          + " (choose another with --upstream-port)");
      upstreamVertx.close().await();
      return 1;
    }
    Node node;
    try {
      node = Node.start(loaded);
    } catch (Exception e) {
      System.err.println("cannot start: " + ServeCommand.rootMessage(e)
          + " (ports can be changed with --proxy-port, --api-port, --metrics-port)");
      upstreamVertx.close().await();
      return 1;
    }
    System.out.println(QuickstartFiles.banner(home, proxyPort, apiPort, metricsPort, upstreamPort));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      upstreamVertx.close().await();
      stopped.countDown();
    }, "portcullis-shutdown"));
    stopped.await();
    return 0;
  }
}
