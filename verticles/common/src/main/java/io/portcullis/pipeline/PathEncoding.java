package io.portcullis.pipeline;

import java.nio.charset.StandardCharsets;

/** Percent-encodes a decoded path for use in a URL: everything but RFC 3986 pchar and '/' is encoded. */
public final class PathEncoding {
  private static final String ALLOWED = "-._~!$&'()*+,;=:@/";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathEncoding() {
  }

  public static String encode(String path) {
    StringBuilder sb = null;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (isAllowed(c)) {
        if (sb != null) {
          sb.append(c);
        }
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(path.length() + 16).append(path, 0, i);
      }
      int end = Character.isHighSurrogate(c) && i + 1 < path.length() ? i + 2 : i + 1;
      for (byte b : path.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
      i = end - 1;
    }
    return sb == null ? path : sb.toString();
  }

  private static boolean isAllowed(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ALLOWED.indexOf(c) >= 0;
  }
}
