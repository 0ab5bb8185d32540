package io.portcullis.server;

import io.portcullis.config.ConfigLoader;
import io.portcullis.config.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the configuration file once a second when its modification time changes and applies its {@code log.level}
 * without a restart (a mounted ConfigMap changes the same way). Every other key still needs a restart. A file that no
 * longer validates keeps the level in force and says why.
 */
final class LogLevelWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogLevelWatcher.class);
  private final Path file;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "portcullis-log-level");
    t.setDaemon(true);
    return t;
  });
  private FileTime seen;
  private String level;

  LogLevelWatcher(Path file, String level) {
    this.file = file;
    this.level = level;
    this.seen = modified();
    timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
  }

  private void check() {
    FileTime now = modified();
    if (now == null || now.equals(seen)) {
      return;
    }
    seen = now;
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
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
