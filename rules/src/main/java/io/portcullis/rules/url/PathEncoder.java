package io.portcullis.rules.url;

import java.nio.charset.StandardCharsets;

/**
 * Re-encodes a normalized path for the upstream request line. Only RFC 3986 {@code pchar} and {@code /} stay as they
 * are, so whatever the upstream decodes is exactly the path that was matched.
 */
final class PathEncoder {

  private static final String PCHAR_PUNCTUATION = "-._~!$&'()*+,;=:@/";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathEncoder() {}

  public static String encode(String path) {
    int first = firstToEncode(path);
    if (first < 0) {
      return path;
    }
    StringBuilder sb = new StringBuilder(path.length() + 16).append(path, 0, first);
    for (int i = first; i < path.length(); i++) {
      char c = path.charAt(i);
      if (isAllowed(c)) {
        sb.append(c);
        continue;
      }
      int end = Character.isHighSurrogate(c) && i + 1 < path.length() ? i + 2 : i + 1;
      for (byte b : path.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        sb.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
      i = end - 1;
    }
    return sb.toString();
  }

  private static int firstToEncode(String path) {
    for (int i = 0; i < path.length(); i++) {
      if (!isAllowed(path.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isAllowed(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || PCHAR_PUNCTUATION.indexOf(c) >= 0;
  }
}
