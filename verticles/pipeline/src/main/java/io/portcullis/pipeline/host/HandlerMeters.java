package io.portcullis.pipeline.host;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Calls, latency and errors of one handler (by stage and id), created once when rules compile so the hot path
 * touches no registry: {@code portcullis_handler_calls_seconds} (a timer, whose count is the calls) and
 * {@code portcullis_handler_errors_total} by kind (exception, timeout, invalid, blocked, error). The error counters
 * exist from the start at zero, so a rate or an alert on them sees the first error (an absent series has no rate).
 */
public final class HandlerMeters {
  /** The kinds of failure the pipeline reports ({@code PipelineExecutor}). */
  private static final List<String> ERROR_KINDS = List.of("exception", "timeout", "invalid", "blocked", "error");
  private final Timer latency;
  private final Map<String, Counter> errors;

  HandlerMeters(MeterRegistry registry, String prefix, String stage, String handler) {
    // Count, total and max only: a histogram per handler would cost more per call than most handlers do.
    // Latency distributions are kept per rule (portcullis_request_duration_seconds).
    this.latency = Timer.builder(prefix + "handler_calls").description("Handler calls and their latency")
        .tags("stage", stage, "handler", handler).register(registry);
    this.errors = Map.copyOf(ERROR_KINDS.stream().collect(Collectors.toMap(k -> k,
        k -> Counter.builder(prefix + "handler_errors").description("Handler failures by kind")
            .tags("stage", stage, "handler", handler, "kind", k).register(registry))));
  }

  public void recordCall(long nanos) {
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * @param kind one of {@link #ERROR_KINDS}; another counts as {@code error} (this runs on the way to a denial,
   *     which must not fail)
   */
  public void recordError(String kind) {
    errors.getOrDefault(kind, errors.get("error")).increment();
  }
}
