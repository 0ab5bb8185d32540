package io.portcullis.plugins.builtin.keys;

import io.portcullis.spi.PluginServices;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key set sources of one handler factory, by URL, so every rule naming the same location shares one cache and
 * one read in flight, as Oathkeeper's single credentials fetcher does.
 */
public final class KeySetSources {
  private final Map<String, KeySetSource> byUrl = new ConcurrentHashMap<>();

  public KeySetSource get(KeySetLocation location, PluginServices services) {
    return byUrl.computeIfAbsent(location.url(), u -> new KeySetSource(location, services));
  }
}
