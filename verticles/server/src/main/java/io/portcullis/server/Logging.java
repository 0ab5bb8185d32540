package io.portcullis.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.portcullis.config.PortcullisConfig;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures Logback from {@code log.*}: text or JSON lines on standard error, the root level, and redaction of
 * values that may carry secrets unless {@code log.leak_sensitive_values} is true. What libraries log through
 * java.util.logging (the OpenTelemetry SDK) is routed here too, so it gets the same format. Public: the quickstart
 * uses it.
 */
public final class Logging {
  /** Libraries whose INFO chatter says nothing an operator acts on. */
  private static final String[] QUIET = {"org.pf4j", "io.netty", "io.zonky"};

  private Logging() {
  }

  public static void apply(PortcullisConfig.Log log) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    LogLineLayout layout = new LogLineLayout("json".equals(log.format()),
        log.leakSensitiveValues() ? null : new LogRedactor(log.redactionText()));
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("stderr");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    root.setLevel(level(log.level()));
    for (String name : QUIET) {
      context.getLogger(name).setLevel(Level.WARN);
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  /** Changes the root level of a running process ({@link LogLevelWatcher}, {@code rules test}). */
  public static void setLevel(String configured) {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level(configured));
  }

  /** Kratos' and Oathkeeper's level names (logrus) onto Logback's. */
  static Level level(String configured) {
    return switch (configured.toLowerCase(Locale.ROOT)) {
      case "trace" -> Level.TRACE;
      case "debug" -> Level.DEBUG;
      case "warn", "warning" -> Level.WARN;
      case "error", "fatal", "panic" -> Level.ERROR;
      default -> Level.INFO;
    };
  }
}
