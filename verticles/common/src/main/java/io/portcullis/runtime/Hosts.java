package io.portcullis.runtime;

/** Ory configs write an empty host for "all interfaces". */
public final class Hosts {
  private Hosts() {
  }

  public static String bind(String host) {
    return host == null || host.isBlank() ? "0.0.0.0" : host;
  }
}
