package io.portcullis.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Where a template named by URL is, as Ory's fetcher reads it: {@code base64://<data>}, {@code file://<path>} (the
 * rest of the string is the path, so {@code file://./body.jsonnet} is relative to the working directory),
 * {@code http(s)://}, or a plain path (Kratos' deprecated form).
 */
public final class TemplateSources {
  private TemplateSources() {
  }

  /** The file a template URL names, or null for {@code base64://} and {@code http(s)://}. */
  public static Path file(String uri) {
    if (uri.startsWith("base64://") || uri.startsWith("http://") || uri.startsWith("https://")) {
      return null;
    }
    return Path.of(uri.startsWith("file://") ? uri.substring("file://".length()) : uri);
  }

  /** The text of a {@code base64://} URL's data: standard or URL-safe alphabet, padded or not. */
  public static String decodeBase64(String data) {
    String d = data.replaceAll("\\s", "");
    if (d.isEmpty()) {
      throw new IllegalArgumentException("empty base64 data");
    }
    byte[] bytes = d.indexOf('-') >= 0 || d.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(d)
        : Base64.getDecoder().decode(d);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
