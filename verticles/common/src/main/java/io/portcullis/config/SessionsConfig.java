package io.portcullis.config;

/**
 * The session role: validates session credentials for {@code cookie_session} and {@code bearer_token}, keeps the
 * node's session cache, and consumes revocations.
 *
 * @param source {@code auto} (the identity database when {@code portcullis.identity.dsn} is set, else HTTP),
 *     {@code database} or {@code http} (ask the rule's {@code check_session_url}, e.g. a real Kratos)
 */
public record SessionsConfig(Boolean enabled, String source, Cache cache, Revocations revocations) {
  public SessionsConfig {
    enabled = enabled == null || enabled;
    source = source == null ? "auto" : source;
    cache = cache == null ? new Cache(null, null, null) : cache;
    revocations = revocations == null ? new Revocations(null, null, null, null) : revocations;
  }

  /** @param maxLifetime no entry is used longer than this, whatever its session's expiry */
  public record Cache(Boolean enabled, Integer maxEntries, String maxLifetime) {
    public Cache {
      enabled = enabled == null || enabled;
      maxEntries = maxEntries == null ? 100_000 : maxEntries;
      maxLifetime = maxLifetime == null ? "5m" : maxLifetime;
    }
  }

  /**
   * Where revocations arrive from. Every node reads the whole topic (no consumer group).
   *
   * @param bootstrapServers Kafka; empty means revocations travel only on the event bus, and the cache is then used
   *     only on a node that runs the identity role itself
   * @param replayWindow how far back a starting node reads, so a revocation made while it started is not missed
   * @param maxLag how long the feed may be out of touch with the broker before the cache stops being trusted
   */
  public record Revocations(String bootstrapServers, String topic, String replayWindow, String maxLag) {
    public Revocations {
      bootstrapServers = bootstrapServers == null ? "" : bootstrapServers;
      topic = topic == null ? "portcullis.sessions.revocations" : topic;
      replayWindow = replayWindow == null ? "10m" : replayWindow;
      maxLag = maxLag == null ? "3s" : maxLag;
    }
  }
}
