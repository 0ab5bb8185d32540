package io.portcullis.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

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

  /**
   * Completes after {@code delay}, on a host thread (since SPI 1.3.0): for back-off between retries without a thread
   * of the plugin's own. The default, for hosts and tests without a scheduler, uses the JDK's delayed executor.
   */
  default CompletionStage<Void> delay(Duration delay) {
    return CompletableFuture.runAsync(() -> { },
        CompletableFuture.delayedExecutor(Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS));
  }

  /**
   * Runs blocking work (a file read, a slow computation) on a host worker thread and completes with its result
   * (since SPI 1.3.0), so a handler never blocks the event loop. The default runs it on the common pool.
   */
  default <T> CompletionStage<T> blocking(Callable<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletableFuture.runAsync(() -> {
      try {
        result.complete(work.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return result;
  }

  /**
   * Publishes public JSON Web Keys (RFC 7517 members, e.g. {@code kty}, {@code kid}, {@code n}, {@code e}) under
   * {@code source}, such as the key file a signing handler uses (since SPI 1.3.0). The host serves the union of every
   * published set at {@code /.well-known/jwks.json} on its API port; publishing again under the same source replaces
   * that source's keys (rotation), an empty list withdraws them. Never publish private key material. The default does
   * nothing (a host without an API port).
   */
  default void publishPublicKeys(String source, List<Map<String, Object>> keys) {
  }

  /** Counters under {@code portcullis_plugin_<name>_total}, labelled with the handler id and the given tags. */
  PluginCounter counter(String name, String... tagKeyValues);
}
