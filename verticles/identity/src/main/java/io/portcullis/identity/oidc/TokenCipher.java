package io.portcullis.identity.oidc;

import io.portcullis.identitysessions.kratos.KratosError;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kratos' {@code aes} cipher for the provider tokens kept with an OpenID Connect credential: AES-256-GCM keyed by the
 * first {@code secrets.cipher} entry of exactly 32 characters, written as hex of nonce, ciphertext and tag
 * (cryptopasta's layout), so tokens Kratos encrypted with the same secret decrypt here. Decryption tries every
 * secret, so secrets can be rotated. Without a secret nothing can be kept: {@link #enabled()} is false.
 */
public final class TokenCipher {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final List<byte[]> keys;

  public TokenCipher(List<String> secrets) {
    this.keys = secrets.stream().filter(s -> s.length() == 32).map(s -> s.getBytes(StandardCharsets.UTF_8))
        .filter(b -> b.length == 32).toList();
  }

  public boolean enabled() {
    return !keys.isEmpty();
  }

  /** The ciphertext of {@code plaintext}; empty stays empty (as Kratos). */
  public String encrypt(String plaintext) {
    if (plaintext == null || plaintext.isEmpty()) {
      return "";
    }
    if (!enabled()) {
      throw KratosError.misconfiguration("Unable to encrypt message because no cipher secrets were configured.");
    }
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.get(0), "AES"), new GCMParameterSpec(128, nonce));
      byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
      return HexFormat.of().formatHex(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The plaintext, or empty when it cannot be deciphered (as Kratos shows such tokens to admins). */
  public String decryptOrEmpty(String ciphertext) {
    if (ciphertext == null || ciphertext.isEmpty() || !enabled()) {
      return "";
    }
    byte[] in;
    try {
      in = HexFormat.of().parseHex(ciphertext);
    } catch (IllegalArgumentException e) {
      return "";
    }
    if (in.length < 12 + 16) {
      return "";
    }
    for (byte[] key : keys) {
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, in, 0, 12));
        return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
      } catch (GeneralSecurityException e) {
        // another secret may have sealed it
      }
    }
    return "";
  }
}
