package io.portcullis.identity.flow.oidc;

import io.portcullis.identity.flow.Flow;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * An authorization under way, kept server-side in the flow's data (Kratos keeps it in an encrypted state parameter
 * and a continuity container): the provider, the PKCE verifier, the nonce, the traits typed in, and hashes of the
 * {@code state} parameter and of the continuity cookie that ties it to the browser that started it. Single use.
 *
 * @param verifier the PKCE code verifier, or null without PKCE
 * @param nonce the nonce the ID token must carry, or null when none was sent
 */
record Pending(String provider, String stateHash, String continuityHash, String verifier, String nonce,
    JsonObject traits, Instant expiresAt) {
  static final String KEY = "oidc";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A state parameter: the flow's id, so the callback finds the flow, and 256 random bits. */
  static String newState(UUID flowId) {
    return flowId + "." + random(32);
  }

  /** The flow id a state parameter names, if it has the shape {@link #newState} gives it. */
  static Optional<UUID> flowOf(String state) {
    int dot = state.indexOf('.');
    if (dot != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(state.substring(0, dot)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** RFC 7636 S256: BASE64URL(SHA-256(verifier)). */
  static String challenge(String verifier) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
  }

  static String hash(String s) {
    return HexFormat.of().formatHex(sha256(s));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The continuity cookie is the one set with this authorization, which has not expired (constant time). */
  boolean resumableBy(String continuity, Instant now) {
    return continuity != null && now.isBefore(expiresAt) & equal(hash(continuity), continuityHash);
  }

  /** The state parameter is the one sent with this authorization (constant time). */
  boolean sentWith(String state) {
    return equal(hash(state), stateHash);
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  JsonObject toJson() {
    return new JsonObject().put("provider", provider).put("state_sha256", stateHash)
        .put("continuity_sha256", continuityHash).put("pkce_verifier", verifier).put("nonce", nonce)
        .put("traits", traits).put("expires_at", expiresAt.toString());
  }

  static Optional<Pending> of(Flow f) {
    JsonObject o = f.data().getJsonObject(KEY);
    if (o == null) {
      return Optional.empty();
    }
    return Optional.of(new Pending(o.getString("provider", ""), o.getString("state_sha256", ""),
        o.getString("continuity_sha256", ""), o.getString("pkce_verifier"), o.getString("nonce"),
        o.getJsonObject("traits", new JsonObject()), Instant.parse(o.getString("expires_at"))));
  }

  /** {@code f} with this authorization kept. */
  Flow keptIn(Flow f) {
    return f.withData(f.data().copy().put(KEY, toJson()));
  }

  /** {@code f} without it: a callback uses it once. */
  static Flow consumed(Flow f) {
    JsonObject d = f.data().copy();
    d.remove(KEY);
    return f.withData(d);
  }
}
