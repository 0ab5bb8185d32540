package io.portcullis.plugins.builtin.remote;

import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import java.net.URI;
import java.net.URISyntaxException;

/** Checks that a configured endpoint is an absolute http(s) URL, naming the field when it is not. */
public final class HttpUrl {
  private HttpUrl() {
  }

  /** The URL at {@code key} (required). */
  public static URI required(HandlerConfig config, String key) throws ConfigException {
    String url = config.requiredString(key);
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new URISyntaxException(url, "not an absolute http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(config.field(key), url, "an absolute http(s) URL, e.g. https://auth.example.com/path");
    }
  }
}
