package io.portcullis.rules;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test resource files as paths. */
final class Resources {

  private Resources() {}

  static Path path(String name) {
    try {
      return Path.of(Resources.class.getResource("/rules/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
