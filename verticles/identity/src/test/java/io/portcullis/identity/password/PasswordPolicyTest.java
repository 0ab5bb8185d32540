package io.portcullis.identity.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

  final PasswordPolicy policy = new PasswordPolicy(PasswordPolicyConfig.DEFAULT, HashingConfig.DEFAULT);

  @Test
  void minimumLengthWithKratosMessage() {
    assertThat(policy.validate("alice@example.com", "short")).hasValue(new PolicyViolation(4000032L,
        "The password must be at least 8 characters long, but got 5.", "error",
        Map.of("min_length", 8, "actual_length", 5)));
  }

  @Test
  void lengthsAreUtf8BytesLikeGo() {
    assertThat(policy.validate("", "ääää")).as("8 bytes").isEmpty();
    assertThat(policy.validate("", "äää")).hasValueSatisfying(v ->
        assertThat(v.text()).isEqualTo("The password must be at least 8 characters long, but got 6."));
  }

  @Test
  void identifierTooSimilarWithKratosMessage() {
    PolicyViolation expected = new PolicyViolation(4000031L,
        "The password can not be used because it is too similar to the identifier.", "error", Map.of());
    assertThat(policy.validate("alice@example.com", "alice@example.com1")).hasValue(expected);
    assertThat(policy.validate("ALICE@EXAMPLE.COM", "alice@example.com!")).as("case-insensitive").hasValue(expected);
    assertThat(policy.validate("abcdefgh", "abcdxfgy")).as("Levenshtein distance 2 < 5").hasValue(expected);
    assertThat(policy.validate("johnsmith@example.org", "xjohnsmithx")).as("substring 9/11 > 0.5").hasValue(expected);
    assertThat(expected.context()).isEmpty();
  }

  @Test
  void dissimilarPasswordsPass() {
    assertThat(policy.validate("alice@example.com", "correct horse battery staple")).isEmpty();
    assertThat(policy.validate("john", "john-correct-horse")).as("substring 4/18").isEmpty();
    assertThat(policy.validate(null, "correct horse")).isEmpty();
  }

  @Test
  void commonSubstringRatioOfExactlyHalfIsAllowed() {
    // Kratos refuses only a share strictly above 0.5 (and a Levenshtein distance below 5).
    assertThat(PasswordPolicy.Similarity.commonSubstring(cp("abcdefgh"), cp("abcdwxyz"))).isEqualTo(4);
    assertThat(policy.validate("abcd", "abcd-correct")).as("4/12, distance 8").isEmpty();
    assertThat(policy.validate("abcdefghij", "abcdefQRSTUVWXYZ")).as("6/16, distance 10").isEmpty();
    assertThat(policy.validate("abcdefghij", "abcdefghiQRSTUVWXYZ")).as("9/19 <= 0.5").isEmpty();
    assertThat(policy.validate("abcdefghij", "abcdefghijRSTUVWXYZ")).as("10/19 > 0.5").isPresent();
  }

  @Test
  void goQuirksOfKratosSimilarityAreReproduced() {
    // Kratos' lcsLength indexes by byte offset: a run does not continue after a multi-byte rune.
    assertThat(PasswordPolicy.Similarity.commonSubstring(cp("xéab"), cp("yéab"))).isEqualTo(2);
    assertThat(PasswordPolicy.Similarity.commonSubstring(cp("xeab"), cp("yeab"))).isEqualTo(3);
    assertThat(PasswordPolicy.Similarity.levenshtein(cp("kitten"), cp("sitting"))).isEqualTo(3);
    assertThat(PasswordPolicy.Similarity.levenshtein(cp("é"), cp("e"))).as("runes, not bytes").isEqualTo(1);
  }

  @Test
  void similarityCheckCanBeDisabled() {
    PasswordPolicy off = new PasswordPolicy(new PasswordPolicyConfig(8, false, false, 4096), HashingConfig.DEFAULT);
    assertThat(off.validate("alice@example.com", "alice@example.com1")).isEmpty();
  }

  @Test
  void minimumLengthComesBeforeSimilarity() {
    assertThat(policy.validate("alice", "alice")).hasValueSatisfying(v -> assertThat(v.id()).isEqualTo(4000032L));
  }

  @Test
  void bcryptAdds72ByteLimitAfterSimilarity() {
    PasswordPolicy bcrypt = new PasswordPolicy(PasswordPolicyConfig.DEFAULT, HashingConfig.bcrypt(BcryptParams.DEFAULT));
    String long73 = "correct horse battery staple ".repeat(3).substring(0, 73);
    assertThat(bcrypt.validate("alice@example.com", long73)).hasValue(new PolicyViolation(4000033L,
        "The password must be at most 72 characters long, but got 73.", "error",
        Map.of("max_length", 72, "actual_length", 73)));
    assertThat(bcrypt.validate("alice@example.com", long73.substring(0, 72))).isEmpty();
    assertThat(policy.validate("alice@example.com", long73)).as("argon2 has no such limit").isEmpty();
  }

  @Test
  void generalCapBoundsTheWork() {
    String huge = "y".repeat(4097);
    assertThat(policy.validate("alice@example.com", huge)).hasValueSatisfying(v -> {
      assertThat(v.id()).isEqualTo(4000033L);
      assertThat(v.context()).containsEntry("max_length", 4096).containsEntry("actual_length", 4097);
    });
    assertThat(policy.validate("alice@example.com", "y".repeat(4096))).isEmpty();
  }

  @Test
  void longIdentifierIsComparedInBoundedTimeWithKratosResult() {
    // A schema without maxLength lets a 1 MiB identifier through; the quadratic comparison with a 4096-byte
    // password took billions of steps on the event loop. The result is still Kratos'.
    String identifier = "ab".repeat(1 << 19);
    String dissimilar = "0123456789".repeat(410).substring(0, 4096);
    String similar = identifier.substring(0, 2900) + "0123456789".repeat(110);
    PolicyViolation tooSimilar = new PolicyViolation(4000031L,
        "The password can not be used because it is too similar to the identifier.", "error", Map.of());
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      assertThat(policy.validate(identifier, dissimilar)).isEmpty();
      assertThat(policy.validate(identifier, similar)).as("2900/4000 > 0.5").hasValue(tooSimilar);
      assertThat(policy.validate(identifier + "é", "ABABABAB-correct-horse")).as("8/22").isEmpty();
      assertThat(policy.validate(identifier, "ABABABABABABABAB-horse")).as("16/22").hasValue(tooSimilar);
    });
    assertThat(policy.validate("alice@example.com", "alice@example.com1")).hasValue(tooSimilar);
  }

  @Test
  void linearCommonSubstringEqualsKratosAlgorithm() {
    Random random = new Random(42);
    String[] alphabet = {"a", "b", "c", "é", "日", "\uD83D\uDE00", "A"};
    for (int round = 0; round < 5000; round++) {
      int[] a = cp(randomString(random, alphabet, random.nextInt(40)));
      int[] b = cp(randomString(random, alphabet, 1 + random.nextInt(20)));
      assertThat(PasswordPolicy.Similarity.commonSubstringLinear(a, b))
          .as("round %d", round)
          .isEqualTo(PasswordPolicy.Similarity.commonSubstringQuadratic(a, b));
    }
    assertThat(PasswordPolicy.Similarity.commonSubstringLinear(cp("xéab"), cp("yéab"))).isEqualTo(2);
    assertThat(PasswordPolicy.Similarity.commonSubstringLinear(cp("abcdefgh"), cp("abcdwxyz"))).isEqualTo(4);
  }

  private static String randomString(Random random, String[] alphabet, int runes) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < runes; i++) {
      s.append(alphabet[random.nextInt(alphabet.length)]);
    }
    return s.toString();
  }

  @Test
  void contextKeysAreOrderedLikeGoJson() {
    assertThat(List.copyOf(PolicyViolation.minLength(8, 3).context().keySet()))
        .containsExactly("actual_length", "min_length");
  }

  private static int[] cp(String s) {
    return PasswordPolicy.Similarity.lower(s);
  }
}
