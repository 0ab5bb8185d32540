package io.portcullis.server;

import io.portcullis.config.ConfigLoader;
import io.portcullis.config.InvalidConfigException;
import io.portcullis.runtime.FileWatch;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the configuration file's {@code log.level} without a restart: when the file changes ({@link FileWatch},
 * checked once a second; a mounted ConfigMap changes the same way) it is loaded and validated again on a worker
 * thread. Every other key still needs a restart. A file that no longer validates keeps the level in force and says why.
 */
final class LogLevelWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(LogLevelWatcher.class);
  private final Path file;
  private String level;

  private LogLevelWatcher(Path file, String level) {
    this.file = file;
    this.level = level;
  }

  /** Watches {@code file} until {@code vertx} closes; {@code level} is the one in force. */
  static void watch(Vertx vertx, Path file, String level) {
    LogLevelWatcher watcher = new LogLevelWatcher(file, level);
    FileWatch.start(vertx, List.of(file.toString()), Duration.ofSeconds(1), () -> vertx.executeBlocking(watcher::apply))
        // The file may have changed while the node started, before the watch first read it.
        .onSuccess(watching -> vertx.executeBlocking(watcher::apply));
  }

  private synchronized Void apply() {
    try {
      String configured = ConfigLoader.load(file).config().log().level();
      if (!configured.equalsIgnoreCase(level)) {
        Logging.setLevel(configured);
        LOG.warn("log.level is now {} (was {})", configured, level);
        level = configured;
      }
    } catch (InvalidConfigException e) {
      LOG.warn("{} changed but does not validate, log.level stays {}: {}", file, level, e.getMessage());
    }
    return null;
  }
}
