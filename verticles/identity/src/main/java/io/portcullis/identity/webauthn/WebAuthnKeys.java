package io.portcullis.identity.webauthn;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The config of a {@code webauthn} or {@code passkey} credential exactly as Kratos stores it
 * ({@code CredentialsWebAuthnConfig}): {@code credentials} and {@code user_handle}, byte fields in standard base64
 * as Go writes {@code []byte}. The admin API shows it as is with {@code include_credential}.
 */
record WebAuthnKeys(List<Key> keys, byte[] userHandle) {

  WebAuthnKeys {
    keys = List.copyOf(keys);
  }

  /**
   * One registered authenticator.
   *
   * @param publicKey the COSE key
   * @param flags user_present, user_verified, backup_eligible, backup_state at registration
   */
  record Key(byte[] id, byte[] publicKey, String attestationType, byte[] aaguid, long signCount,
      boolean cloneWarning, String displayName, Instant addedAt, boolean passwordless, JsonObject flags) {

    /** The id as Kratos' settings forms name it: lower-case hex. */
    String hexId() {
      return HexFormat.of().formatHex(id);
    }

    Key withSignCount(long count) {
      return new Key(id, publicKey, attestationType, aaguid, count, cloneWarning, displayName, addedAt, passwordless,
          flags);
    }

    JsonObject toJson() {
      return new JsonObject().put("id", b64(id)).put("public_key", b64(publicKey))
          .put("attestation_type", attestationType)
          .put("authenticator", new JsonObject().put("aaguid", b64(aaguid)).put("sign_count", signCount)
              .put("clone_warning", cloneWarning))
          .put("display_name", displayName).put("added_at", addedAt.toString()).put("is_passwordless", passwordless)
          .put("flags", flags);
    }

    static Key fromJson(JsonObject j) {
      JsonObject a = j.getJsonObject("authenticator", new JsonObject());
      String added = j.getString("added_at");
      return new Key(unb64(j.getString("id")), unb64(j.getString("public_key")), j.getString("attestation_type", ""),
          unb64(a.getString("aaguid")), a.getLong("sign_count", 0L), a.getBoolean("clone_warning", false),
          j.getString("display_name", ""), added == null ? Instant.EPOCH : Instant.parse(added),
          j.getBoolean("is_passwordless", false), j.getJsonObject("flags", new JsonObject()));
    }
  }

  static WebAuthnKeys fromConfig(JsonObject config) {
    List<Key> keys = new ArrayList<>();
    JsonArray list = config == null ? null : config.getJsonArray("credentials");
    if (list != null) {
      list.forEach(o -> keys.add(Key.fromJson((JsonObject) o)));
    }
    return new WebAuthnKeys(keys, config == null ? new byte[0] : unb64(config.getString("user_handle")));
  }

  JsonObject toConfig() {
    JsonArray list = new JsonArray();
    keys.forEach(k -> list.add(k.toJson()));
    return new JsonObject().put("credentials", list).put("user_handle", b64(userHandle));
  }

  WebAuthnKeys with(Key k) {
    List<Key> more = new ArrayList<>(keys);
    more.add(k);
    return new WebAuthnKeys(more, userHandle);
  }

  WebAuthnKeys without(String hexId) {
    return new WebAuthnKeys(keys.stream().filter(k -> !k.hexId().equals(hexId)).toList(), userHandle);
  }

  /** The key with this credential id, with a new signature counter. */
  WebAuthnKeys counted(byte[] id, long count) {
    return new WebAuthnKeys(keys.stream().map(k -> java.util.Arrays.equals(k.id(), id) ? k.withSignCount(count) : k)
        .toList(), userHandle);
  }

  static String b64(byte[] b) {
    return b == null ? null : Base64.getEncoder().encodeToString(b);
  }

  static byte[] unb64(String s) {
    return s == null ? new byte[0] : Base64.getDecoder().decode(s);
  }
}
