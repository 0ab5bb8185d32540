package io.portcullis.proxy.impl;

/** Reads the client address from a trusted {@code X-Forwarded-For}: its left-most entry. */
public final class ForwardedFor {
  private ForwardedFor() {
  }

  public static String clientOf(String header, String peer) {
    if (header == null || header.isBlank()) {
      return peer;
    }
    int comma = header.indexOf(',');
    String first = (comma < 0 ? header : header.substring(0, comma)).trim();
    return first.isEmpty() ? peer : first;
  }
}
