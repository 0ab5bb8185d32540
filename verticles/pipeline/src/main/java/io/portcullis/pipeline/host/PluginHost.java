package io.portcullis.pipeline.host;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.runtime.VertxHttpCaller;
import io.portcullis.spi.HttpCaller;
import io.portcullis.spi.LocalCache;
import io.portcullis.spi.PluginCounter;
import io.portcullis.spi.PluginServices;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host side of the plugin contract: the services lent to each handler and the meters that wrap each call.
 * Without a Vert.x instance (offline validation) the HTTP client is unavailable and says so when used.
 */
public final class PluginHost {
  private volatile io.portcullis.spi.SessionChecker sessions;
  private final Vertx vertx;
  private final MeterRegistry registry;
  private final String prefix;
  private final Clock clock;
  private volatile HttpCaller http;
  private final Map<String, LocalCache<?>> caches = new ConcurrentHashMap<>();
  private final Map<String, HandlerMeters> meters = new ConcurrentHashMap<>();
  private final PublishedKeys publishedKeys = new PublishedKeys();

  public PluginHost(Vertx vertx, MeterRegistry registry, String metricPrefix, Clock clock) {
    this.vertx = vertx;
    this.registry = registry;
    this.prefix = metricPrefix;
    this.clock = clock;
  }

  public HandlerMeters meters(String stage, String handlerId) {
    return meters.computeIfAbsent(stage + "/" + handlerId, k -> new HandlerMeters(registry, prefix, stage, handlerId));
  }

  /** The node's session checker (cache and session role); until set, session checks are plain HTTP calls. */
  public void useSessions(io.portcullis.spi.SessionChecker checker) {
    this.sessions = checker;
  }

  /** The public keys handlers published, served at {@code /.well-known/jwks.json}. */
  public PublishedKeys publishedKeys() {
    return publishedKeys;
  }

  public PluginServices services(String handlerId) {
    return new PluginServices() {
      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public HttpCaller http() {
        return PluginHost.this.http();
      }

      @Override
      @SuppressWarnings("unchecked")
      public <V> LocalCache<V> cache(String name, int maxEntries, Duration ttl) {
        return (LocalCache<V>) caches.computeIfAbsent(handlerId + "/" + name,
            k -> new ExpiringCache<V>(clock, maxEntries, ttl));
      }

      @Override
      public io.portcullis.spi.SessionChecker sessions() {
        io.portcullis.spi.SessionChecker s = sessions;
        return s != null ? s : PluginServices.super.sessions();
      }

      @Override
      public CompletionStage<Void> delay(Duration delay) {
        if (vertx == null) {
          return PluginServices.super.delay(delay);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> done.complete(null));
        return done;
      }

      @Override
      public <T> CompletionStage<T> blocking(Callable<T> work) {
        if (vertx == null) {
          return PluginServices.super.blocking(work);
        }
        return vertx.executeBlocking(work, false).toCompletionStage();
      }

      @Override
      public void publishPublicKeys(String source, List<Map<String, Object>> keys) {
        publishedKeys.publish(source, keys);
      }

      @Override
      public PluginCounter counter(String name, String... tagKeyValues) {
        List<String> tags = new ArrayList<>(List.of(tagKeyValues));
        tags.add("handler");
        tags.add(handlerId);
        Counter c = Counter.builder(prefix + "plugin_" + name).tags(tags.toArray(String[]::new)).register(registry);
        return c::increment;
      }
    };
  }

  private HttpCaller http() {
    if (vertx == null) {
      throw new IllegalStateException("the HTTP client is not available while rules are only validated");
    }
    HttpCaller h = http;
    if (h == null) {
      synchronized (this) {
        if (http == null) {
          http = new VertxHttpCaller(vertx);
        }
        h = http;
      }
    }
    return h;
  }
}
