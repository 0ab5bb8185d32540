package io.portcullis.pipeline.host;

import io.portcullis.spi.LocalCache;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small LRU cache with a time-to-live per entry; synchronized, as entries are few and operations short. */
final class ExpiringCache<V> implements LocalCache<V> {
  private record Entry<V>(V value, long expiresAtMillis) {
  }

  private final Clock clock;
  private final long ttlMillis;
  private final LinkedHashMap<String, Entry<V>> map;

  ExpiringCache(Clock clock, int maxEntries, Duration ttl) {
    if (maxEntries < 1 || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a cache needs at least one entry and a positive ttl");
    }
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry<V>> eldest) {
        return size() > maxEntries;
      }
    };
  }

  @Override
  public synchronized V get(String key) {
    Entry<V> e = map.get(key);
    if (e == null) {
      return null;
    }
    if (e.expiresAtMillis() <= clock.millis()) {
      map.remove(key);
      return null;
    }
    return e.value();
  }

  @Override
  public synchronized void put(String key, V value) {
    map.put(key, new Entry<>(value, clock.millis() + ttlMillis));
  }

  @Override
  public synchronized void remove(String key) {
    map.remove(key);
  }
}
