package io.portcullis.identity.password;

/**
 * Kratos' {@code selfservice.methods.password.config} as far as the password policy goes, plus our length cap.
 *
 * @param minPasswordLength {@code min_password_length}: minimum UTF-8 bytes (Kratos counts bytes), at least 6
 * @param identifierSimilarityCheckEnabled {@code identifier_similarity_check_enabled}
 * @param haveIBeenPwnedEnabled {@code haveibeenpwned_enabled}: kept for configuration compatibility but <b>not
 *     implemented</b>; no breach lookup is made (it needs network access to api.pwnedpasswords.com)
 * @param maxPasswordBytes a general cap bounding hashing and similarity cost, not in Kratos; at least
 *     {@code minPasswordLength}
 */
public record PasswordPolicyConfig(
    int minPasswordLength, boolean identifierSimilarityCheckEnabled, boolean haveIBeenPwnedEnabled,
    int maxPasswordBytes) {

  /** Kratos' defaults (8, true, true) and a 4096-byte cap. */
  public static final PasswordPolicyConfig DEFAULT = new PasswordPolicyConfig(8, true, true, 4096);

  public PasswordPolicyConfig {
    if (minPasswordLength < 6) {
      throw new IllegalArgumentException(
          "selfservice.methods.password.config.min_password_length: " + minPasswordLength + ", expected >= 6");
    }
    if (maxPasswordBytes < minPasswordLength) {
      throw new IllegalArgumentException(
          "maxPasswordBytes: " + maxPasswordBytes + ", expected >= min_password_length " + minPasswordLength);
    }
  }
}
