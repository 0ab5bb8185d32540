package io.portcullis.runtime;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 for hot paths (a digest per request): one {@link MessageDigest} per thread, since looking the algorithm up
 * costs more than hashing a short input.
 */
public final class Sha256 {
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private Sha256() {
  }

  /** The SHA-256 of {@code input} (32 bytes). */
  public static byte[] digest(byte[] input) {
    return DIGEST.get().digest(input);
  }
}
