package io.portcullis.plugins.builtin.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.pipeline.PipelineCompiler;
import io.portcullis.pipeline.host.PluginHost;
import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The real host services (Vert.x timers and workers, the shared HTTP client, caches, published keys) around handlers
 * under test, with a clock the test moves by hand, and loopback servers on the same Vert.x.
 */
public final class TestHost implements AutoCloseable {
  /** A clock that starts at the real time and moves only when told to. */
  public static final class ManualClock extends Clock {
    private volatile long millis = System.currentTimeMillis();

    public void advance(long by) {
      millis += by;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
      return millis;
    }
  }

  public final Vertx vertx = Vertx.vertx();
  public final ManualClock clock = new ManualClock();
  public final PluginHost host = new PluginHost(vertx, new SimpleMeterRegistry(), "portcullis_", clock);

  public HandlerContext context(String handlerId) {
    return PipelineCompiler.handlerContext("r", handlerId, host);
  }

  public static HandlerConfig config(Map<String, Object> values) {
    return new HandlerConfig(values);
  }

  /** Waits (bounded) for a handler's answer. */
  public static Outcome await(CompletionStage<Outcome> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A session as the host hands it to authorizers and mutators: authentication and authorization over. */
  public static AuthSession authorizedSession(String subject, Map<String, Object> extra) {
    AuthSession s = new AuthSession();
    s.setSubject(subject);
    s.extra().putAll(extra);
    s.endAuthorization();
    return s;
  }

  public static AccessRequest request(String query, Map<String, String> headers) {
    return request("/api/items", query, headers, List.of());
  }

  public static AccessRequest request(String path, String query, Map<String, String> headers, List<String> captures) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    return new AccessRequest() {
      public String method() {
        return "GET";
      }

      public String scheme() {
        return "http";
      }

      public String host() {
        return "app.example";
      }

      public String path() {
        return path;
      }

      public String forwardPath() {
        return path;
      }

      public String query() {
        return query;
      }

      public String header(String name) {
        return h.get(name);
      }

      public List<String> headers(String name) {
        String v = h.get(name);
        return v == null ? List.of() : List.of(v);
      }

      public Set<String> headerNames() {
        return h.keySet();
      }

      public String cookie(String name) {
        String c = h.get("Cookie");
        if (c == null) {
          return null;
        }
        for (String p : c.split(";")) {
          String[] kv = p.trim().split("=", 2);
          if (kv[0].equals(name)) {
            return kv.length > 1 ? kv[1] : "";
          }
        }
        return null;
      }

      public String remoteAddress() {
        return "127.0.0.1";
      }

      public List<String> captureGroups() {
        return captures;
      }

      public String ruleId() {
        return "r";
      }
    };
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
