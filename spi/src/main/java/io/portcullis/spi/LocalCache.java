package io.portcullis.spi;

/** A bounded, expiring, thread-safe cache lent by the host. */
public interface LocalCache<V> {
  /** The value, or null when absent or expired. */
  V get(String key);

  void put(String key, V value);

  void remove(String key);
}
