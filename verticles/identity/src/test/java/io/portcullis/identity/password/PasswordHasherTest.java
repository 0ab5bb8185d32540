package io.portcullis.identity.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

  static final Argon2Params SMALL_ARGON2 = new Argon2Params(1024, 1, 1, 16, 32);
  static final HashingConfig ARGON2 = HashingConfig.argon2(SMALL_ARGON2);
  static final HashingConfig BCRYPT = HashingConfig.bcrypt(new BcryptParams(4));

  final PasswordHasher argon2 = new PasswordHasher(ARGON2);
  final PasswordHasher bcrypt = new PasswordHasher(BCRYPT);

  @Test
  void argon2idRoundTripInKratosFormat() {
    String hash = argon2.hash("correct horse");
    assertThat(hash).matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(argon2.verify("correct horse", hash)).isTrue();
    assertThat(argon2.verify("correct horsf", hash)).isFalse();
    assertThat(argon2.hash("correct horse")).as("fresh salt").isNotEqualTo(hash);
  }

  @Test
  void bcryptRoundTripInKratosFormatAndReadableByOpenBsdImplementation() {
    String hash = bcrypt.hash("correct horse");
    assertThat(hash).matches("\\$2a\\$04\\$[./A-Za-z0-9]{53}");
    assertThat(bcrypt.verify("correct horse", hash)).isTrue();
    assertThat(bcrypt.verify("correct horsf", hash)).isFalse();
    assertThat(OpenBSDBCrypt.checkPassword(hash, "correct horse".toCharArray())).isTrue();
    assertThat(argon2.verify("correct horse", hash)).as("any hasher verifies any format").isTrue();
  }

  @Test
  void nonAsciiPasswordsRoundTrip() {
    String pw = "pässwörd \uD83D\uDD11";
    assertThat(argon2.verify(pw, argon2.hash(pw))).isTrue();
    assertThat(bcrypt.verify(pw, bcrypt.hash(pw))).isTrue();
    assertThat(OpenBSDBCrypt.checkPassword(bcrypt.hash(pw), pw.toCharArray())).isTrue();
  }

  /** phc-winner-argon2 src/test.c vectors (password "password", salt "somesalt"). */
  @ParameterizedTest
  @ValueSource(strings = {
    "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
    "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc",
    "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
    "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8",
    "$argon2i$v=19$m=256,t=2,p=2$c29tZXNhbHQ$T/XOJ2mh1/TIpJHfCdQan76Q5esCFVoT5MAeIM1Oq2E",
  })
  void argon2ReferenceVectors(String vector) {
    assertThat(argon2.unsupportedReason(vector)).isEmpty();
    assertThat(argon2.verify("password", vector)).isTrue();
    assertThat(argon2.verify("passwore", vector)).isFalse();
  }

  @Test
  void argon2dVersion16ReferenceVector() {
    String vector = "$argon2d$v=16$m=8,t=1,p=1$ICAgICAgICA$X54KZYxUSfMUihzebb70sKbheabHilo8gsUldrVU4IU";
    assertThat(argon2.verify("", vector)).isTrue();
    assertThat(argon2.verify("x", vector)).isFalse();
  }

  /** jBCrypt / OpenBSD vectors; $2b$ and $2y$ compute the same function. */
  @ParameterizedTest
  @ValueSource(strings = {"2a", "2b", "2y"})
  void bcryptKnownVectors(String version) {
    String empty = "$" + version + "$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.";
    String a = "$" + version + "$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe";
    assertThat(bcrypt.verify("", empty)).isTrue();
    assertThat(bcrypt.verify("a", empty)).isFalse();
    assertThat(bcrypt.verify("a", a)).isTrue();
    assertThat(bcrypt.verify("b", a)).isFalse();
  }

  @Test
  void bcryptRefusesPasswordsOver72BytesLikeKratos() {
    String seventyTwo = "x".repeat(72);
    String hash = bcrypt.hash(seventyTwo);
    assertThat(bcrypt.verify(seventyTwo, hash)).isTrue();
    assertThat(bcrypt.verify(seventyTwo + "y", hash)).as("no silent truncation").isFalse();
    assertThat(bcrypt.maxPasswordBytes()).hasValue(72);
    assertThat(argon2.maxPasswordBytes()).isEmpty();
    assertThatThrownBy(() -> bcrypt.hash("ü".repeat(37)))
        .isInstanceOfSatisfying(PasswordTooLongException.class, e -> {
          assertThat(e.violation().id()).isEqualTo(4000033L);
          assertThat(e.violation().text()).isEqualTo("The password must be at most 72 characters long, but got 74.");
          assertThat(e.violation().context()).containsEntry("max_length", 72).containsEntry("actual_length", 74);
        });
    assertThat(argon2.verify("x".repeat(200), argon2.hash("x".repeat(200)))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PBKDF2WithHmacSHA1:sha1", "PBKDF2WithHmacSHA256:sha256", "PBKDF2WithHmacSHA512:sha512"})
  void pbkdf2InKratosFormatComputedWithJca(String spec) throws Exception {
    String[] s = spec.split(":");
    byte[] salt = "NaCl-and-pepper!".getBytes(StandardCharsets.UTF_8);
    byte[] key = SecretKeyFactory.getInstance(s[0])
        .generateSecret(new PBEKeySpec("hunter22".toCharArray(), salt, 1000, 256))
        .getEncoded();
    String encoded = "$pbkdf2-" + s[1] + "$i=1000,l=32$" + raw(salt) + "$" + raw(key);
    assertThat(argon2.verify("hunter22", encoded)).isTrue();
    assertThat(argon2.verify("hunter23", encoded)).isFalse();
    assertThat(argon2.needsRehash(encoded)).isTrue();
  }

  @Test
  void pbkdf2Sha224MeansSha3LikeKratos() throws Exception {
    byte[] salt = "saltsaltsaltsalt".getBytes(StandardCharsets.UTF_8);
    byte[] key = pbkdf2("HmacSHA3-224", "hunter22".getBytes(StandardCharsets.UTF_8), salt, 100, 28);
    String encoded = "$pbkdf2-sha224$i=100,l=28$" + raw(salt) + "$" + raw(key);
    assertThat(argon2.verify("hunter22", encoded)).isTrue();
    assertThat(argon2.verify("hunter2", encoded)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"SSHA:SHA-1", "SSHA256:SHA-256", "SSHA512:SHA-512"})
  void saltedSha(String spec) throws Exception {
    String[] s = spec.split(":");
    byte[] salt = {1, 2, 3, 4, 5, 6, 7, 8};
    MessageDigest md = MessageDigest.getInstance(s[1]);
    md.update("secret123".getBytes(StandardCharsets.UTF_8));
    md.update(salt);
    byte[] digest = md.digest();
    byte[] value = Arrays.copyOf(digest, digest.length + salt.length);
    System.arraycopy(salt, 0, value, digest.length, salt.length);
    String encoded = "{" + s[0] + "}" + Base64.getEncoder().encodeToString(value);
    assertThat(argon2.verify("secret123", encoded)).isTrue();
    assertThat(argon2.verify("secret124", encoded)).isFalse();
  }

  @Test
  void tamperedHashesFail() {
    String a = argon2.hash("pw-123456");
    String b = bcrypt.hash("pw-123456");
    assertThat(argon2.verify("pw-123456", flipLast(a))).isFalse();
    assertThat(argon2.verify("pw-123456", a.replace("t=1", "t=2"))).isFalse();
    assertThat(argon2.verify("pw-123456", a.replace("$argon2id$", "$argon2i$"))).isFalse();
    assertThat(bcrypt.verify("pw-123456", flipLast(b))).isFalse();
    assertThat(bcrypt.verify("pw-123456", b.replace("$04$", "$05$"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "plaintext", "$", "$argon2id$", "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHQ",
    "$argon2id$v=18$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
    "$argon2id$v=19$m=256,t=2,p=0$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
    "$argon2id$v=19$t=2,m=256,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
    "$argon2id$v=19$m=-256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
    "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
    "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ=$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
    "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/5",
    "$argon2id$v=19$m=256,t=2,p=1$c29t!XNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
    "$argon2x$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
    "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s",
    "$2x$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
    "$2a$32$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
    "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s!",
    "$pbkdf2-sha256$i=1000,l=32$c2FsdA$",
    "$pbkdf2-md5$i=1000,l=32$c2FsdA$c2FsdA",
    "$pbkdf2-sha256$i=0,l=32$c2FsdA$c2FsdA",
    "$pbkdf2-sha256$l=32,i=1000$c2FsdA$c2FsdA",
    "{SSHA}c2FsdA==", "{SSHA384}c2FsdA==", "{SSHA}!!!",
    "$scrypt$ln=16384,r=8,p=1$c2FsdA==$c2FsdA==",
  })
  void malformedOrUnsupportedHashesAreRefusedWithoutThrowing(String encoded) {
    assertThat(argon2.verify("password", encoded)).isFalse();
    assertThat(argon2.unsupportedReason(encoded)).isPresent();
    assertThat(argon2.unsupportedReason(encoded)).hasValueSatisfying(reason -> {
      assertThat(reason).isNotBlank();
      if (encoded.length() > 12) {
        assertThat(reason).doesNotContain(encoded.substring(encoded.length() - 8));
      }
    });
    assertThat(argon2.needsRehash(encoded)).isTrue();
  }

  @Test
  void nullInputsAreRefused() {
    assertThat(argon2.verify(null, argon2.hash("x-123456"))).isFalse();
    assertThat(argon2.verify("x", null)).isFalse();
    assertThat(argon2.unsupportedReason(null)).hasValue("hashed_password is empty");
  }

  @Test
  void reasonNamesKratosFormatsWeDoNotVerify() {
    assertThat(argon2.unsupportedReason("$scrypt$ln=16384,r=8,p=1$c2FsdA==$c2FsdA=="))
        .hasValueSatisfying(r -> assertThat(r).startsWith("hash format scrypt is accepted by Kratos but not")
            .contains("expected argon2id"));
    assertThat(argon2.unsupportedReason("$md5$c2FsdA==")).hasValueSatisfying(r -> assertThat(r).contains("md5"));
    assertThat(argon2.unsupportedReason("garbage")).hasValueSatisfying(r -> assertThat(r).startsWith("unknown hash format"));
    assertThat(argon2.unsupportedReason("$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.")).isEmpty();
  }

  @Test
  void needsRehashWhenAlgorithmDiffersOrParametersAreWeaker() {
    String a = argon2.hash("pw-123456");
    String b = bcrypt.hash("pw-123456");
    assertThat(argon2.needsRehash(a)).isFalse();
    assertThat(argon2.needsRehash(b)).isTrue();
    assertThat(bcrypt.needsRehash(b)).isFalse();
    assertThat(bcrypt.needsRehash(a)).isTrue();

    PasswordHasher stronger = new PasswordHasher(HashingConfig.argon2(new Argon2Params(2048, 1, 1, 16, 32)));
    assertThat(stronger.needsRehash(a)).as("less memory").isTrue();
    assertThat(new PasswordHasher(HashingConfig.argon2(new Argon2Params(1024, 2, 1, 16, 32))).needsRehash(a))
        .as("fewer passes").isTrue();
    assertThat(new PasswordHasher(HashingConfig.argon2(new Argon2Params(1024, 1, 1, 16, 64))).needsRehash(a))
        .as("shorter key").isTrue();
    assertThat(new PasswordHasher(HashingConfig.argon2(new Argon2Params(512, 1, 1, 16, 32))).needsRehash(a))
        .as("stored is stronger").isFalse();
    assertThat(argon2.needsRehash("$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8"))
        .as("argon2i is another algorithm for Kratos' argon2 hasher").isTrue();
    assertThat(new PasswordHasher(HashingConfig.bcrypt(new BcryptParams(5))).needsRehash(b)).isTrue();
  }

  @Test
  void theDummyForUnknownIdentifiersDoesTheSameWorkAsARealVerification() throws MalformedHashException {
    // Same algorithm and cost parameters as a stored hash: the same work, so an unknown identifier cannot be told
    // apart by timing. (Checked on the parameters, not with a clock.)
    Argon2Params p = new Argon2Params(8192, 3, 2, 16, 32);
    PasswordHasher argon = new PasswordHasher(HashingConfig.argon2(p));
    Argon2Hash real = (Argon2Hash) StoredHash.parse(argon.hash("real-password"));
    Argon2Hash dummy = (Argon2Hash) argon.dummy();
    assertThat(dummy.type()).isEqualTo(real.type());
    assertThat(dummy.memoryKiB()).isEqualTo(real.memoryKiB());
    assertThat(dummy.iterations()).isEqualTo(real.iterations());
    assertThat(dummy.parallelism()).isEqualTo(real.parallelism());
    assertThat(dummy.hash()).hasSameSizeAs(real.hash());
    assertThat(dummy.matches("real-password".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isFalse();
    assertThat(((BcryptHash) bcrypt.dummy()).cost()).isEqualTo(((BcryptHash) StoredHash.parse(bcrypt.hash("x"))).cost());
    bcrypt.verifyAgainstDummy(null);
  }

  @Test
  void defaultsAreAtLeastOwasp() {
    HashingConfig config = HashingConfig.DEFAULT;
    assertThat(config.algorithm()).isEqualTo(HashingConfig.Algorithm.ARGON2);
    Argon2Params p = config.argon2();
    Argon2Params owasp = Argon2Params.OWASP_MINIMUM;
    assertThat(p.memoryKiB()).isGreaterThanOrEqualTo(owasp.memoryKiB());
    assertThat(p.iterations()).isGreaterThanOrEqualTo(owasp.iterations());
    assertThat(config.bcrypt().cost()).isEqualTo(12);

    PasswordHasher hasher = new PasswordHasher(config);
    String hash = hasher.hash("correct horse battery staple");
    assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
    assertThat(hash).startsWith("$argon2id$v=19$m=65536,t=2,p=1$");
  }

  @Test
  void configValidationMatchesKratosSchema() {
    assertThatThrownBy(() -> new Argon2Params(1024, 1, 1, 8, 32)).hasMessageContaining("salt_length");
    assertThatThrownBy(() -> new Argon2Params(1024, 0, 1, 16, 32)).hasMessageContaining("iterations");
    assertThatThrownBy(() -> new BcryptParams(3)).hasMessageContaining("hashers.bcrypt.cost");
    assertThat(HashingConfig.Algorithm.fromConfig("bcrypt")).isEqualTo(HashingConfig.Algorithm.BCRYPT);
    assertThatThrownBy(() -> HashingConfig.Algorithm.fromConfig("scrypt")).hasMessageContaining("argon2, bcrypt");
  }

  private static String raw(byte[] bytes) {
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String flipLast(String s) {
    char last = s.charAt(s.length() - 2);
    return s.substring(0, s.length() - 2) + (last == 'A' ? 'B' : 'A') + s.charAt(s.length() - 1);
  }

  /** RFC 8018 PBKDF2 over a JCA MAC, independent of Bouncy Castle. */
  private static byte[] pbkdf2(String mac, byte[] password, byte[] salt, int iterations, int length) throws Exception {
    Mac prf = Mac.getInstance(mac);
    prf.init(new SecretKeySpec(password, mac));
    int hLen = prf.getMacLength();
    byte[] out = new byte[length];
    for (int block = 1, offset = 0; offset < length; block++, offset += hLen) {
      prf.update(salt);
      prf.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
      byte[] u = prf.doFinal();
      byte[] t = u.clone();
      for (int i = 1; i < iterations; i++) {
        u = prf.doFinal(u);
        for (int k = 0; k < t.length; k++) {
          t[k] ^= u[k];
        }
      }
      System.arraycopy(t, 0, out, offset, Math.min(hLen, length - offset));
    }
    return out;
  }
}
