package io.portcullis.rules.url;

import io.portcullis.rules.url.EncodedSlashPolicy;
import io.portcullis.rules.url.InvalidRequestUrlException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decodes and canonicalizes a raw request path; the steps and their order are documented on
 * {@link io.portcullis.rules.url.UrlNormalizer}. Decoding happens before dot-segment removal so that an encoded
 * {@code %2e%2e} cannot survive as a segment the upstream later resolves.
 */
final class PathNormalizer {

  private PathNormalizer() {}

  public static String normalize(String rawPath, EncodedSlashPolicy policy) throws InvalidRequestUrlException {
    if (rawPath.indexOf('\\') >= 0) {
      throw new InvalidRequestUrlException("backslash in the path");
    }
    String decoded = decode(rawPath, policy);
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidRequestUrlException("control character in the path");
      }
    }
    return removeDotSegments(decoded);
  }

  private static String decode(String raw, EncodedSlashPolicy policy) throws InvalidRequestUrlException {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int value = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2)) : -1;
        if (value < 0) {
          throw new InvalidRequestUrlException("malformed percent-encoding in the path");
        }
        if ((value == '/' || value == '\\') && policy == EncodedSlashPolicy.REJECT) {
          throw new InvalidRequestUrlException("encoded slash or backslash in the path");
        }
        bytes.write(value == '\\' ? '/' : value);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
        bytes.writeBytes(utf8(raw.substring(i, end)));
        i = end - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRequestUrlException("the path is not valid UTF-8");
    }
  }

  /** A large negative number for a non-hex character, so that the combined byte value is negative. */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -0x1000;
  }

  private static byte[] utf8(String s) throws InvalidRequestUrlException {
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(s));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new InvalidRequestUrlException("the path is not valid UTF-16 text");
    }
  }

  /**
   * Merges repeated slashes, then applies RFC 3986 5.2.4; a trailing slash (or final dot segment) leaves one. A dot
   * segment carrying a path parameter ({@code ..;x}, {@code .;}) is refused: servlet containers strip the parameter
   * and resolve it as a dot segment after we matched, which would let {@code /public/..;/admin} reach {@code /admin}.
   */
  private static String removeDotSegments(String path) throws InvalidRequestUrlException {
    if (isCanonical(path)) {
      return path;
    }
    Deque<String> kept = new ArrayDeque<>();
    String[] segments = path.split("/", -1);
    boolean trailingSlash = false;
    for (int i = path.startsWith("/") ? 1 : 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      switch (segment) {
        case "", "." -> trailingSlash = last;
        case ".." -> {
          kept.pollLast();
          trailingSlash = last;
        }
        default -> {
          int semicolon = segment.indexOf(';');
          if (semicolon >= 0) {
            String name = segment.substring(0, semicolon);
            if (name.equals(".") || name.equals("..")) {
              throw new InvalidRequestUrlException("dot segment with a path parameter in the path");
            }
          }
          kept.addLast(segment);
          trailingSlash = false;
        }
      }
    }
    StringBuilder sb = new StringBuilder(path.length() + 1);
    for (String segment : kept) {
      sb.append('/').append(segment);
    }
    if (sb.length() == 0 || trailingSlash) {
      sb.append('/');
    }
    return sb.toString();
  }

  /** Most paths: absolute, with no empty and no dot segment, so removing dot segments would return them unchanged. */
  private static boolean isCanonical(String path) {
    return path.startsWith("/") && path.indexOf("//") < 0 && path.indexOf("/.") < 0;
  }
}
