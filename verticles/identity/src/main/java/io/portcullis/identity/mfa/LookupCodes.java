package io.portcullis.identity.mfa;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Backup recovery codes ({@code lookup_secret}) as Kratos keeps them: twelve codes of eight lowercase letters and
 * digits, stored in the credential config as {@code {"recovery_codes": [{"code", "used_at"}]}} in clear (Kratos
 * shows them again on "reveal"), each usable once.
 */
public final class LookupCodes {
  public static final int COUNT = 12;
  static final int LENGTH = 8;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private LookupCodes() {
  }

  /** Twelve new unused codes: {@code [{"code": "..."}]}. */
  public static JsonArray generate() {
    JsonArray codes = new JsonArray();
    for (int i = 0; i < COUNT; i++) {
      StringBuilder c = new StringBuilder(LENGTH);
      for (int k = 0; k < LENGTH; k++) {
        c.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
      }
      codes.add(new JsonObject().put("code", c.toString()));
    }
    return codes;
  }

  /** What using a code did. */
  public enum Use { USED, ALREADY_USED, UNKNOWN }

  /**
   * Marks {@code code} used in {@code config} (changed in place) at {@code now}, rounded to the second as Kratos
   * does. Every code is compared, in constant time, so timing tells nothing about which matched.
   */
  public static Use use(JsonObject config, String code, Instant now) {
    JsonArray codes = config.getJsonArray("recovery_codes", new JsonArray());
    byte[] given = (code == null ? "" : code).getBytes(StandardCharsets.UTF_8);
    Use result = Use.UNKNOWN;
    for (int i = 0; i < codes.size(); i++) {
      JsonObject rc = codes.getJsonObject(i);
      if (MessageDigest.isEqual(given, rc.getString("code", "").getBytes(StandardCharsets.UTF_8))
          && result == Use.UNKNOWN) {
        if (used(rc)) {
          result = Use.ALREADY_USED;
        } else {
          rc.put("used_at", now.plusMillis(500).truncatedTo(ChronoUnit.SECONDS).toString());
          result = Use.USED;
        }
      }
    }
    return result;
  }

  /** True when the recovery code {@code rc} ({@code {"code", "used_at"}}) was used. */
  public static boolean used(JsonObject rc) {
    String at = rc.getString("used_at");
    return at != null && !at.isEmpty() && !at.startsWith("0001-01-01");
  }
}
