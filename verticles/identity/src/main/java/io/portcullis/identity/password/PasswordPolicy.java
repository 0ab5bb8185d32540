package io.portcullis.identity.password;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Kratos' default password validator ({@code selfservice/strategy/password/validator.go} at v25.4.0), pure and
 * without network access. Like Kratos it reports the first violation only, in Kratos' order: minimum length, then
 * similarity to the identifier, then the bcrypt 72-byte limit (which Kratos raises while hashing, after validation).
 * Our general byte cap is checked before everything, because the similarity check is quadratic in the password's
 * length. The identifier has no cap (a schema need not give one): for a long identifier the same result is reached
 * in time linear in its length (see {@link Similarity#tooSimilar}), where Kratos' own code is quadratic.
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
     *
     * <p>Kratos' result in bounded time whatever the identifier's length: the distance is at least the difference of
     * the lengths, so it is only computed when they differ by less than 5 (both then bounded by the password cap),
     * and the common substring of a long identifier is found in linear time ({@link #commonSubstringLinear}).
     */
    static boolean tooSimilar(String identifier, String password) {
      int[] id = lower(identifier);
      int[] pw = lower(password);
      if (Math.abs(id.length - pw.length) < MIN_IDENTIFIER_DISTANCE
          && levenshtein(id, pw) < MIN_IDENTIFIER_DISTANCE) {
        return true;
      }
      float ratio = (float) commonSubstring(id, pw) / (float) byteLength(pw);
      return ratio > MAX_COMMON_SUBSTRING_RATIO;
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

    /** Table cells up to which {@link #commonSubstring} uses Kratos' quadratic algorithm (4096 x 4096). */
    static final long QUADRATIC_CELLS = 1L << 24;

    /**
     * Kratos' {@code lcsLength}: quadratic for normal lengths, {@link #commonSubstringLinear} (same result) beyond
     * {@link #QUADRATIC_CELLS}.
     */
    static int commonSubstring(int[] a, int[] b) {
      return (long) a.length * b.length <= QUADRATIC_CELLS
          ? commonSubstringQuadratic(a, b)
          : commonSubstringLinear(a, b);
    }

    /**
     * Kratos' {@code lcsLength}, quirk included: it ranges over runes but indexes its table by byte offset, so a
     * run only extends across a pair of preceding runes that are both single-byte. For ASCII this is the plain
     * longest common substring (in runes).
     */
    static int commonSubstringQuadratic(int[] a, int[] b) {
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

    /**
     * {@link #commonSubstringQuadratic} in time linear in {@code a}'s length, with a suffix automaton of {@code b}
     * (at most {@code 2 * b.length} states): the longest suffix of {@code a[..i]} found in {@code b}, for every
     * {@code i}. Kratos' quirk (no run continues after a multi-byte rune) is a restart after such a rune; the common
     * substring is the same in both strings, so checking {@code a}'s side is enough.
     */
    static int commonSubstringLinear(int[] a, int[] b) {
      int capacity = 2 * b.length + 1;
      int[] length = new int[capacity];
      int[] link = new int[capacity];
      List<Map<Integer, Integer>> next = new ArrayList<>(capacity);
      next.add(new HashMap<>());
      link[0] = -1;
      int size = 1;
      int last = 0;
      for (int c : b) {
        int cur = size++;
        length[cur] = length[last] + 1;
        next.add(new HashMap<>());
        int p = last;
        while (p != -1 && !next.get(p).containsKey(c)) {
          next.get(p).put(c, cur);
          p = link[p];
        }
        if (p == -1) {
          link[cur] = 0;
        } else {
          int q = next.get(p).get(c);
          if (length[p] + 1 == length[q]) {
            link[cur] = q;
          } else {
            int clone = size++;
            length[clone] = length[p] + 1;
            next.add(new HashMap<>(next.get(q)));
            link[clone] = link[q];
            while (p != -1 && next.get(p).get(c) == q) {
              next.get(p).put(c, clone);
              p = link[p];
            }
            link[q] = clone;
            link[cur] = clone;
          }
        }
        last = cur;
      }
      int state = 0;
      int run = 0;
      int best = 0;
      for (int i = 0; i < a.length; i++) {
        if (i > 0 && Utf8.length(a[i - 1]) != 1) {
          state = 0;
          run = 0;
        }
        int c = a[i];
        while (state != 0 && !next.get(state).containsKey(c)) {
          state = link[state];
          run = length[state];
        }
        Integer target = next.get(state).get(c);
        if (target != null) {
          state = target;
          run++;
        } else {
          run = 0;
        }
        best = Math.max(best, run);
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
