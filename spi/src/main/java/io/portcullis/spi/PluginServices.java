package io.portcullis.spi;

import java.time.Clock;
import java.time.Duration;

/**
 * What the host lends a handler, so plugins do not bring their own thread pools, clients or caches: one shared,
 * pooled, non-blocking HTTP client, bounded caches, a clock that tests can fix, and metrics that land next to the
 * host's. Obtained from {@link HandlerContext#services()} when the handler is created; safe to keep for its lifetime.
 */
public interface PluginServices {
  /** The clock to read time from (never {@code System.currentTimeMillis()}, so tests can control it). */
  Clock clock();

  /** A shared HTTP client; calls never block and always end, by the call's timeout at the latest. */
  HttpCaller http();

  /**
   * A cache private to this handler: at most {@code maxEntries} entries, each expiring {@code ttl} after it was put.
   * Caches with the same name from the same handler id are the same cache, across rules.
   */
  <V> LocalCache<V> cache(String name, int maxEntries, Duration ttl);

  /**
   * Session checks answered from the node's session cache where possible (since SPI 1.1.0). Without a session role
   * on the node it is the plain HTTP client.
   */
  default SessionChecker sessions() {
    return call -> http().send(call);
  }

  /** Counters under {@code portcullis_plugin_<name>_total}, labelled with the handler id and the given tags. */
  PluginCounter counter(String name, String... tagKeyValues);
}
