package io.portcullis.identity.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** RFC 6238's SHA-1 test vectors, the ±1 step window, key URLs, the QR image and recovery codes. */
class TotpTest {
  /** RFC 6238 appendix B: the ASCII key "12345678901234567890", SHA-1, 8 digits. */
  static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  static final long[][] RFC_VECTORS = {
      {59L, 94287082L}, {1111111109L, 7081804L}, {1111111111L, 14050471L}, {1234567890L, 89005924L},
      {2000000000L, 69279037L}, {20000000000L, 65353130L}};

  @Test
  void bothImplementationsMatchRfc6238() {
    for (long[] v : RFC_VECTORS) {
      String expected = String.format("%08d", v[1]);
      assertThat(Totp.hotp(RFC_KEY, v[0] / 30, 8)).as("T=%d", v[0]).isEqualTo(expected);
      assertThat(TotpCodes.of(RFC_KEY, v[0] / 30, 8)).as("test helper T=%d", v[0]).isEqualTo(expected);
    }
    String secret = Totp.base32(RFC_KEY);
    assertThat(secret).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assertThat(TotpCodes.base32(secret)).isEqualTo(RFC_KEY);
    assertThat(Totp.code(secret, 59)).isEqualTo("287082");
    assertThat(TotpCodes.at(secret, 1111111109)).isEqualTo("081804");
  }

  @Test
  void acceptsOneStepEitherSideAndNothingElse() {
    String secret = Totp.newKey("Example", "a@example.com").secret();
    long now = 1_700_000_015L;
    assertThat(Totp.validate(TotpCodes.at(secret, now), secret, now)).isTrue();
    assertThat(Totp.validate(TotpCodes.at(secret, now - 30), secret, now)).isTrue();
    assertThat(Totp.validate(TotpCodes.at(secret, now + 30), secret, now)).isTrue();
    assertThat(Totp.validate(TotpCodes.at(secret, now - 60), secret, now)).isFalse();
    assertThat(Totp.validate(TotpCodes.at(secret, now + 60), secret, now)).isFalse();
    assertThat(Totp.validate("", secret, now)).isFalse();
    assertThat(Totp.validate("12345a", secret, now)).isFalse();
  }

  @Test
  void keyUrlIsPquernasAndRoundTrips() {
    Totp.Key k = new Totp.Key("Example Co", "ada@example.com", "JBSWY3DPEHPK3PXP");
    assertThat(k.url()).isEqualTo("otpauth://totp/Example%20Co:ada@example.com?algorithm=SHA1&digits=6"
        + "&issuer=Example+Co&period=30&secret=JBSWY3DPEHPK3PXP");
    assertThat(Totp.Key.fromUrl(k.url())).isEqualTo(k);
    Totp.Key fresh = Totp.newKey("x", "y");
    assertThat(Totp.base32(Totp.decodeBase32(fresh.secret()))).isEqualTo(fresh.secret());
    assertThat(Totp.decodeBase32(fresh.secret())).hasSize(20);
    assertThatThrownBy(() -> Totp.Key.fromUrl("https://example.com/")).hasMessageContaining("otpauth");
    assertThatThrownBy(() -> Totp.Key.fromUrl("otpauth://totp/x:y?issuer=x")).hasMessageContaining("secret");
  }

  @Test
  void qrCodeIsA256PixelPngDataUrlOfTheKeyUrl() throws Exception {
    String keyUrl = Totp.newKey("Example", "ada@example.com").url();
    String url = TotpQr.dataUrl(keyUrl);
    assertThat(url).startsWith("data:image/png;base64,");
    var img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(22))));
    assertThat(img.getWidth()).isEqualTo(256);
    assertThat(img.getHeight()).isEqualTo(256);
    int[] pixels = img.getRGB(0, 0, 256, 256, null, 0, 256);
    var bitmap = new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(
        new com.google.zxing.RGBLuminanceSource(256, 256, pixels)));
    assertThat(new com.google.zxing.qrcode.QRCodeReader().decode(bitmap,
        java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, true)).getText()).isEqualTo(keyUrl);
  }

  @Test
  void recoveryCodesAreTwelveAndEachWorksOnce() {
    JsonArray codes = LookupCodes.generate();
    assertThat(codes).hasSize(12);
    Set<String> seen = new HashSet<>();
    codes.forEach(c -> {
      String code = ((JsonObject) c).getString("code");
      assertThat(code).matches("[a-z0-9]{8}");
      seen.add(code);
    });
    assertThat(seen).hasSize(12);
    JsonObject config = new JsonObject().put("recovery_codes", codes);
    String first = codes.getJsonObject(0).getString("code");
    Instant now = Instant.parse("2026-01-02T03:04:05.600Z");
    assertThat(LookupCodes.use(config, first, now)).isEqualTo(LookupCodes.Use.USED);
    assertThat(codes.getJsonObject(0).getString("used_at")).isEqualTo("2026-01-02T03:04:06Z");
    assertThat(LookupCodes.use(config, first, now)).isEqualTo(LookupCodes.Use.ALREADY_USED);
    assertThat(LookupCodes.use(config, "nope1234", now)).isEqualTo(LookupCodes.Use.UNKNOWN);
  }
}
