package io.portcullis.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * A node's tracer for the spans Portcullis makes itself (rule match, each handler, the session check); Vert.x makes
 * the server, HTTP client, SQL, Kafka and event-bus spans. {@link #OFF} when {@code tracing} is not configured: every
 * call site checks {@link #on()} or gets a null span, so the data path pays one branch and nothing else.
 *
 * <p>A span started here is a child of the current one: Vert.x keeps the current trace context on the request's
 * (duplicated) Vert.x context, so callbacks of the same request see it without plumbing.
 */
public final class Tracing {
  public static final Tracing OFF = new Tracing(null);

  public static final AttributeKey<String> RULE_ID = AttributeKey.stringKey("portcullis.rule.id");
  public static final AttributeKey<String> HANDLER_ID = AttributeKey.stringKey("portcullis.handler.id");
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("portcullis.outcome");
  public static final AttributeKey<String> SESSION_CACHE = AttributeKey.stringKey("portcullis.session.cache");

  private final Tracer tracer;

  private Tracing(Tracer tracer) {
    this.tracer = tracer;
  }

  public static Tracing of(Tracer tracer) {
    return tracer == null ? OFF : new Tracing(tracer);
  }

  public boolean on() {
    return tracer != null;
  }

  /** A child of the current span, not made current; null when tracing is off. */
  public Span start(String name) {
    return tracer == null ? null : tracer.spanBuilder(name).startSpan();
  }

  /** Ends {@code span} (null: nothing) with its outcome; an {@code error} outcome marks the span as failed. */
  public static void end(Span span, String outcome) {
    if (span == null) {
      return;
    }
    span.setAttribute(OUTCOME, outcome);
    if ("error".equals(outcome)) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }

  /**
   * The current trace's id (sampled or not), or null when none is current (always without tracing). For the data
   * path, ask {@link #on()} first: this reads the Vert.x context.
   */
  public static String currentTraceId() {
    SpanContext current = Span.current().getSpanContext();
    return current.isValid() ? current.getTraceId() : null;
  }
}
