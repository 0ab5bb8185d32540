package io.portcullis.plugins.builtin.keys;

import io.portcullis.spi.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where a JSON Web Key Set lives: {@code file://} (absolute, or relative to the working directory as in
 * Oathkeeper's {@code file://../keys.json}), a plain path, or {@code http(s)://}.
 */
public record KeySetLocation(String url, Path file) {
  public static KeySetLocation parse(String field, String url) throws ConfigException {
    String expected = "a file:// or http(s):// URL of a JSON Web Key Set";
    if (url == null || url.isBlank()) {
      throw new ConfigException(field, url, expected);
    }
    if (url.startsWith("http://") || url.startsWith("https://")) {
      try {
        URI uri = new URI(url);
        if (uri.getHost() == null) {
          throw new URISyntaxException(url, "no host");
        }
      } catch (URISyntaxException e) {
        throw new ConfigException(field, url, expected);
      }
      return new KeySetLocation(url, null);
    }
    if (url.startsWith("file://")) {
      String rest = url.substring("file://".length());
      return new KeySetLocation(url, Path.of(rest.isEmpty() ? "." : rest));
    }
    if (url.contains("://")) {
      throw new ConfigException(field, url, expected + " (other schemes are not supported)");
    }
    return new KeySetLocation(url, Path.of(url));
  }

  public boolean isFile() {
    return file != null;
  }
}
