package io.portcullis.server;

import io.portcullis.config.InvalidConfigException;
import io.portcullis.config.ConfigLoader;
import io.portcullis.config.LoadedConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code portcullis serve --config FILE}: runs the server until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Runs Portcullis with the given configuration (an oathkeeper.yml works as it is).%n"
        + "PORTCULLIS_* environment variables override keys, e.g. PORTCULLIS_SERVE_PROXY_PORT=8080.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (YAML or JSON).")
  Path config;

  @Option(names = "--print-config", description = "Print the effective configuration, defaults included, and exit.")
  boolean printConfig;

  @Override
  public Integer call() throws Exception {
    LoadedConfig loaded;
    try {
      loaded = ConfigLoader.load(config);
    } catch (InvalidConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      return 2;
    }
    if (printConfig) {
      System.out.print(ConfigLoader.toYaml(loaded.config()));
      return 0;
    }
    Logging.apply(loaded.config().log());
    LogLevelWatcher levelWatcher = config == null ? null : new LogLevelWatcher(config, loaded.config().log().level());
    Node node;
    try {
      node = Node.start(loaded);
    } catch (Exception e) {
      System.err.println("cannot start: " + Failures.rootMessage(e));
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (levelWatcher != null) {
        levelWatcher.close();
      }
      node.close();
      stopped.countDown();
    }, "portcullis-shutdown"));
    stopped.await();
    return 0;
  }
}
