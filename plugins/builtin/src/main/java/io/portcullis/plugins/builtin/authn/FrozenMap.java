package io.portcullis.plugins.builtin.authn;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only map in one array of keys and values, in insertion order: how a cached session keeps its {@code extra}
 * (a frozen {@code LinkedHashMap} costs five objects and about 190 bytes more per cached session). Meant for the few
 * keys of an identity's traits: a lookup scans.
 */
final class FrozenMap extends AbstractMap<String, Object> {
  private final Object[] keysAndValues;

  /** @param source its keys and values, in its iteration order (values kept as they are) */
  FrozenMap(Map<String, Object> source) {
    Object[] kv = new Object[source.size() * 2];
    int i = 0;
    for (Map.Entry<String, Object> e : source.entrySet()) {
      kv[i++] = e.getKey();
      kv[i++] = e.getValue();
    }
    this.keysAndValues = kv;
  }

  @Override
  public int size() {
    return keysAndValues.length / 2;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public Object get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : keysAndValues[i + 1];
  }

  private int indexOf(Object key) {
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return FrozenMap.this.size();
      }

      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keysAndValues.length;
          }

          @Override
          public Map.Entry<String, Object> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            next += 2;
            return new SimpleImmutableEntry<>((String) keysAndValues[next - 2], keysAndValues[next - 1]);
          }
        };
      }
    };
  }
}
