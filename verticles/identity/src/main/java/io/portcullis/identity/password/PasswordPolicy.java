package io.portcullis.identity.password;

import java.util.Objects;
import java.util.Optional;

/**
 * Kratos' default password validator ({@code selfservice/strategy/password/validator.go} at v25.4.0), pure and
 * without network access. Like Kratos it reports the first violation only, in Kratos' order: minimum length, then
 * similarity to the identifier, then the bcrypt 72-byte limit (which Kratos raises while hashing, after validation).
 * Our general byte cap is checked before everything, because the similarity check is quadratic in the length.
 *
 * <p>Lengths are UTF-8 bytes, as Go's {@code len(string)}, even though the messages say "characters". The
 * haveibeenpwned check is not implemented (see {@link PasswordPolicyConfig#haveIBeenPwnedEnabled()}).
 */
public final class PasswordPolicy {

  /** Kratos' {@code minIdentifierPasswordDist}: a Levenshtein distance below this is too similar. */
  static final int MIN_IDENTIFIER_DISTANCE = 5;

  /** Kratos' {@code maxIdentifierPasswordSubstrThreshold}: a longer common substring share is too similar. */
  static final float MAX_COMMON_SUBSTRING_RATIO = 0.5f;

  private final PasswordPolicyConfig config;
  private final int hasherMaxBytes;

  /** A policy for passwords hashed with {@code hashing} (bcrypt adds the 72-byte limit). */
  public PasswordPolicy(PasswordPolicyConfig config, HashingConfig hashing) {
    this.config = Objects.requireNonNull(config, "config");
    this.hasherMaxBytes = hashing.algorithm() == HashingConfig.Algorithm.BCRYPT
        ? PasswordHasher.BCRYPT_MAX_PASSWORD_BYTES
        : Integer.MAX_VALUE;
  }

  /**
   * The first violation of the policy, or empty if the password may be used.
   *
   * @param identifier the identity's identifier (email, username...); null or empty skips the similarity check
   */
  public Optional<PolicyViolation> validate(String identifier, String password) {
    Objects.requireNonNull(password, "password");
    int length = Utf8.length(password);
    if (length > config.maxPasswordBytes()) {
      return Optional.of(PolicyViolation.maxLength(config.maxPasswordBytes(), length));
    }
    if (length < config.minPasswordLength()) {
      return Optional.of(PolicyViolation.minLength(config.minPasswordLength(), length));
    }
    if (config.identifierSimilarityCheckEnabled() && identifier != null && !identifier.isEmpty()
        && Similarity.tooSimilar(identifier, password)) {
      return Optional.of(PolicyViolation.identifierTooSimilar());
    }
    if (length > hasherMaxBytes) {
      return Optional.of(PolicyViolation.maxLength(hasherMaxBytes, length));
    }
    return Optional.empty();
  }

  /** Kratos' similarity rule, reproduced with its Go string semantics. */
  static final class Similarity {

    private Similarity() {}

    /**
     * Both strings lowercased rune by rune ({@code strings.ToLower}); too similar when the Levenshtein distance
     * over runes is below 5 or the longest common substring exceeds half the password's byte length.
     */
    static boolean tooSimilar(String identifier, String password) {
      int[] id = lower(identifier);
      int[] pw = lower(password);
      int distance = levenshtein(id, pw);
      float ratio = (float) commonSubstring(id, pw) / (float) byteLength(pw);
      return distance < MIN_IDENTIFIER_DISTANCE || ratio > MAX_COMMON_SUBSTRING_RATIO;
    }

    /** Go's {@code unicode.ToLower} per code point: simple case mapping, no locale, no final sigma rule. */
    static int[] lower(String s) {
      return s.codePoints().map(Character::toLowerCase).toArray();
    }

    static int levenshtein(int[] a, int[] b) {
      int[] previous = new int[b.length + 1];
      int[] current = new int[b.length + 1];
      for (int j = 0; j <= b.length; j++) {
        previous[j] = j;
      }
      for (int i = 1; i <= a.length; i++) {
        current[0] = i;
        for (int j = 1; j <= b.length; j++) {
          int cost = a[i - 1] == b[j - 1] ? 0 : 1;
          current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
        }
        int[] swap = previous;
        previous = current;
        current = swap;
      }
      return previous[b.length];
    }

    /**
     * Kratos' {@code lcsLength}, quirk included: it ranges over runes but indexes its table by byte offset, so a
     * run only extends across a pair of preceding runes that are both single-byte. For ASCII this is the plain
     * longest common substring (in runes).
     */
    static int commonSubstring(int[] a, int[] b) {
      int[] previous = new int[b.length];
      int[] current = new int[b.length];
      int best = 0;
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j < b.length; j++) {
          int run = 0;
          if (a[i] == b[j]) {
            run = 1;
            if (i > 0 && j > 0 && Utf8.length(a[i - 1]) == 1 && Utf8.length(b[j - 1]) == 1) {
              run = previous[j - 1] + 1;
            }
            best = Math.max(best, run);
          }
          current[j] = run;
        }
        int[] swap = previous;
        previous = current;
        current = swap;
      }
      return best;
    }

    private static int byteLength(int[] codePoints) {
      int n = 0;
      for (int cp : codePoints) {
        n += Utf8.length(cp);
      }
      return n;
    }
  }
}
