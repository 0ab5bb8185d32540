package io.portcullis.pipeline.host;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Calls, latency and errors of one handler (by stage and id), created once when rules compile so the hot path
 * touches no registry: {@code portcullis_handler_calls_seconds} (a timer, whose count is the calls) and
 * {@code portcullis_handler_errors_total} by kind (exception, timeout, invalid, blocked, error).
 */
public final class HandlerMeters {
  private final Timer latency;
  private final MeterRegistry registry;
  private final String prefix;
  private final String stage;
  private final String handler;

  HandlerMeters(MeterRegistry registry, String prefix, String stage, String handler) {
    this.registry = registry;
    this.prefix = prefix;
    this.stage = stage;
    this.handler = handler;
    // Count, total and max only: a histogram per handler would cost more per call than most handlers do.
    // Latency distributions are kept per rule (portcullis_request_duration_seconds).
    this.latency = Timer.builder(prefix + "handler_calls").description("Handler calls and their latency")
        .tags("stage", stage, "handler", handler).register(registry);
  }

  public void recordCall(long nanos) {
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Errors are rare: the counter is looked up (and cached by Micrometer) only when one happens. */
  public void recordError(String kind) {
    Counter.builder(prefix + "handler_errors").description("Handler failures by kind")
        .tags("stage", stage, "handler", handler, "kind", kind).register(registry).increment();
  }
}
