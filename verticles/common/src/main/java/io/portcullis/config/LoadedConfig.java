package io.portcullis.config;

import java.nio.file.Path;

/**
 * A checked configuration and where it came from, so relative paths in it (rule repositories, plugin directory)
 * resolve against the configuration file's folder rather than the working directory.
 */
public record LoadedConfig(PortcullisConfig config, Path baseDirectory, Path file) {
  public Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p : baseDirectory.resolve(p).normalize();
  }
}
