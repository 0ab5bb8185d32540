package io.portcullis.identity.password;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * UTF-8 as Go sees a password. Kratos measures passwords with {@code len(string)} (bytes, not characters) and hashes
 * their bytes; a JSON string with a lone surrogate reaches Go as U+FFFD, so lone surrogates become U+FFFD here too
 * (Java's {@code getBytes} would write {@code '?'} and break verification of such hashes).
 */
final class Utf8 {

  private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

  private Utf8() {}

  static byte[] bytes(String s) {
    CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .replaceWith(REPLACEMENT);
    try {
      ByteBuffer buffer = encoder.encode(CharBuffer.wrap(s));
      return Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("UTF-8 encoding with replacement cannot fail", e);
    }
  }

  /** Byte length without allocating, consistent with {@link #bytes}. */
  static int length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      n += length(cp);
      i += Character.charCount(cp);
    }
    return n;
  }

  /** Bytes of one code point; a lone surrogate counts as U+FFFD (3 bytes). */
  static int length(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    } else if (codePoint < 0x800) {
      return 2;
    } else if (codePoint < 0x10000) {
      return 3;
    }
    return 4;
  }
}
