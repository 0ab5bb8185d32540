package io.portcullis.plugins.builtin.authn;

import io.portcullis.plugins.builtin.remote.GoDuration;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.LocalCache;
import io.portcullis.spi.PluginServices;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code cache} block of the OAuth 2.0 authenticators ({@code enabled}, {@code ttl}, a size key): an entry is
 * used until its token expires, or {@code ttl} has passed if that is sooner. A token without expiry is only cached
 * with a {@code ttl}; without one, nothing stays longer than {@link #LONGEST}.
 */
final class TokenCache<V> {
  static final Duration LONGEST = Duration.ofHours(24);

  private record Entry<V>(V value, long validUntilMillis) {
  }

  private final LocalCache<Entry<V>> cache;
  private final Duration ttl;
  private final PluginServices services;

  private TokenCache(LocalCache<Entry<V>> cache, Duration ttl, PluginServices services) {
    this.cache = cache;
    this.ttl = ttl;
    this.services = services;
  }

  /** The cache {@code config.cache} describes, or null when it is not enabled. */
  static <V> TokenCache<V> read(HandlerConfig config, String sizeKey, int defaultSize, String name,
      PluginServices services) throws ConfigException {
    HandlerConfig c = config.object("cache").requireOnly(Set.of("enabled", "ttl", sizeKey));
    if (!c.bool("enabled", false)) {
      return null;
    }
    Duration ttl = c.has("ttl") ? GoDuration.read(c, "ttl", null) : null;
    if (ttl != null && ttl.isZero()) {
      throw new ConfigException(c.field("ttl"), "0", "a positive duration");
    }
    int size = c.integer(sizeKey, defaultSize);
    if (size < 1) {
      throw new ConfigException(c.field(sizeKey), size, "a positive integer");
    }
    Duration lifetime = ttl == null ? LONGEST : ttl;
    // One cache per lifetime and size: rules configured alike share it (their keys never collide, see callers).
    return new TokenCache<>(services.cache(name + "/" + lifetime.toMillis() + "/" + size, size, lifetime), ttl,
        services);
  }

  /** The value, or null when absent or no longer valid. */
  V get(String key) {
    Entry<V> e = cache.get(key);
    return e != null && e.validUntilMillis() > services.clock().millis() ? e.value() : null;
  }

  /** Remembers {@code value} for a token expiring at {@code expiresAtMillis} (0: no expiry). */
  void put(String key, V value, long expiresAtMillis) {
    long now = services.clock().millis();
    long until = expiresAtMillis > 0 ? expiresAtMillis : Long.MAX_VALUE;
    if (ttl != null) {
      until = Math.min(until, now + ttl.toMillis());
    }
    if (until != Long.MAX_VALUE && until > now) {
      cache.put(key, new Entry<>(value, until));
    }
  }
}
