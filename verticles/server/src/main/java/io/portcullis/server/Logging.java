package io.portcullis.server;

import io.portcullis.config.PortcullisConfig;
import java.util.Locale;

/** Applies {@code log.level} to slf4j-simple; must run before the first logger is created. Public: the quickstart uses it. */
public final class Logging {
  private Logging() {
  }

  public static void apply(PortcullisConfig.Log log) {
    String level = switch (log.level().toLowerCase(Locale.ROOT)) {
      case "trace" -> "trace";
      case "debug" -> "debug";
      case "warn", "warning" -> "warn";
      case "error", "fatal", "panic" -> "error";
      default -> "info";
    };
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.log.org.pf4j", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.netty", "warn");
  }
}
