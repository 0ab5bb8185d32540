package io.portcullis.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Request metrics by rule, decision and status: {@code portcullis_requests_total} and the latency histogram
 * {@code portcullis_request_duration_seconds}. Meters are cached per label combination so the hot path does one
 * map lookup.
 */
final class ProxyMetrics {
  private final MeterRegistry registry;
  private final String prefix;
  private final String surface;
  private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();

  /** @param surface {@code proxy} or {@code decisions} */
  ProxyMetrics(MeterRegistry registry, String prefix, String surface) {
    this.registry = registry;
    this.prefix = prefix;
    this.surface = surface;
  }

  void record(String rule, Decision decision, int status, long startNanos) {
    Meters m = meters.computeIfAbsent(new Key(rule == null ? "" : rule, decision, status), this::create);
    m.count.increment();
    m.latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  private Meters create(Key k) {
    String[] tags = {"surface", surface, "rule", k.rule, "decision", k.decision.label(), "status",
        Integer.toString(k.status)};
    return new Meters(
        Counter.builder(prefix + "requests").description("Requests by rule, decision and status").tags(tags)
            .register(registry),
        Timer.builder(prefix + "request_duration").description("Time from request to decision or upstream answer")
            .tags(tags).publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
            .maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
  }

  private record Key(String rule, Decision decision, int status) {
  }

  private record Meters(Counter count, Timer latency) {
  }
}
