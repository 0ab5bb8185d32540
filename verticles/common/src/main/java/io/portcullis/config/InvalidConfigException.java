package io.portcullis.config;

/** The configuration cannot be used. The message starts with the key's path, e.g. {@code serve.proxy.port: ...}. */
public class InvalidConfigException extends RuntimeException {
  private final String path;

  public InvalidConfigException(String path, String message) {
    super(path.isEmpty() ? message : path + ": " + message);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
