package io.portcullis.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.portcullis.tracing.RequestIds;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One log line per event: text, or a JSON object with Kratos' field names ({@code time}, {@code level}, {@code msg})
 * plus {@code logger}, {@code thread} and {@code exception} (the stack trace as one string). Message and stack trace
 * go through the redactor when there is one. A line logged while a request is handled carries its {@code request_id}
 * and, when a trace is current, Ory's {@code otel: {trace_id, span_id}} (the text format shows them after the thread).
 * Logback calls this on the thread that logs, so the Vert.x context read is the request's.
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
      .withZone(ZoneId.systemDefault());
  private final boolean json;
  private final LogRedactor redactor;

  /** @param redactor null when sensitive values may be logged */
  LogLineLayout(boolean json, LogRedactor redactor) {
    this.json = json;
    this.redactor = redactor;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    String time = TIME.format(Instant.ofEpochMilli(event.getTimeStamp()));
    String msg = clean(event.getFormattedMessage());
    IThrowableProxy thrown = event.getThrowableProxy();
    String exception = thrown == null ? null : clean(ThrowableProxyUtil.asString(thrown));
    String requestId = RequestIds.current();
    SpanContext span = Span.current().getSpanContext();
    if (!json) {
      return time + " " + event.getLevel() + " [" + event.getThreadName() + "] "
          + (requestId == null ? "" : "request_id=" + requestId + " ")
          + (span.isValid() ? "trace_id=" + span.getTraceId() + " span_id=" + span.getSpanId() + " " : "")
          + event.getLoggerName() + " - "
          + msg + CoreConstants.LINE_SEPARATOR + (exception == null ? "" : exception + CoreConstants.LINE_SEPARATOR);
    }
    JsonObject line = new JsonObject().put("time", time).put("level", level(event.getLevel()))
        .put("logger", event.getLoggerName()).put("thread", event.getThreadName()).put("msg", msg);
    if (requestId != null) {
      line.put("request_id", requestId);
    }
    if (span.isValid()) {
      line.put("otel", new JsonObject().put("trace_id", span.getTraceId()).put("span_id", span.getSpanId()));
    }
    if (exception != null) {
      line.put("exception", exception);
    }
    // JSON escapes line breaks, so a stack trace or a forged "\n" in a message stays on this one line.
    return line.encode() + "\n";
  }

  private String clean(String text) {
    return redactor == null || text == null ? text : redactor.redact(text);
  }

  /** logrus' names, as Kratos and Oathkeeper print them. */
  private static String level(Level level) {
    return level == Level.WARN ? "warning" : level.toString().toLowerCase(java.util.Locale.ROOT);
  }
}
