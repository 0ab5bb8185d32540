package io.portcullis.identity.webauthn;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import io.portcullis.config.WebAuthnConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The WebAuthn ceremonies of one relying party through webauthn4j: the options a browser passes to
 * {@code navigator.credentials.create/get} (as go-webauthn marshals them for Kratos, {@code {"publicKey": ...}} with
 * base64url buffers), the server-side session kept with the flow (challenge, user handle), and the verification of
 * attestations and assertions: origin among the rp origins, rp id hash, challenge, user presence, signature and the
 * signature counter (a counter that does not increase is refused as a cloned authenticator).
 */
final class Ceremony {
  /** go-webauthn's default algorithms, in its order. */
  private static final long[] ALGORITHMS = {-7, -35, -36, -257, -258, -259, -37, -38, -39, -8};
  private static final long TIMEOUT_MS = 300_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectConverter CONVERTER = new ObjectConverter();
  private static final WebAuthnManager MANAGER = WebAuthnManager.createNonStrictWebAuthnManager(CONVERTER);
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final WebAuthnConfig rp;
  private final boolean passkey;

  /** @param passkey the passkey method: resident keys on a platform authenticator, user verification preferred */
  Ceremony(WebAuthnConfig rp, boolean passkey) {
    this.rp = rp;
    this.passkey = passkey;
  }

  /** A refused ceremony; {@code reason} is for logs only. */
  static final class Refused extends RuntimeException {
    Refused(String reason, Throwable cause) {
      super(reason, cause, false, false);
    }
  }

  /** Options to show the browser and the session to keep on the server until the answer comes. */
  record Begun(JsonObject options, JsonObject session) {
  }

  /** Registration options for the user {@code userHandle}, named {@code name}; {@code exclude} are its keys. */
  Begun registration(byte[] userHandle, String name, List<byte[]> exclude) {
    byte[] challenge = challenge();
    JsonArray params = new JsonArray();
    for (long alg : ALGORITHMS) {
      params.add(new JsonObject().put("type", "public-key").put("alg", alg));
    }
    JsonObject selection = passkey
        ? new JsonObject().put("authenticatorAttachment", "platform").put("requireResidentKey", true)
            .put("residentKey", "required").put("userVerification", "preferred")
        : new JsonObject().put("userVerification", "discouraged");
    JsonObject pk = new JsonObject()
        .put("rp", new JsonObject().put("name", rp.displayName()).put("id", rp.rpId()))
        .put("user", new JsonObject().put("name", name).put("displayName", name)
            .put("id", URL.encodeToString(userHandle)))
        .put("challenge", URL.encodeToString(challenge)).put("pubKeyCredParams", params).put("timeout", TIMEOUT_MS)
        .put("authenticatorSelection", selection).put("attestation", "none");
    if (!exclude.isEmpty()) {
      pk.put("excludeCredentials", descriptors(exclude));
    }
    return new Begun(new JsonObject().put("publicKey", pk), session(challenge, userHandle));
  }

  /** Assertion options; {@code allow} empty asks for a discoverable credential (passkeys). */
  Begun assertion(byte[] userHandle, List<byte[]> allow) {
    byte[] challenge = challenge();
    JsonObject pk = new JsonObject().put("challenge", URL.encodeToString(challenge)).put("timeout", TIMEOUT_MS)
        .put("rpId", rp.rpId());
    if (!allow.isEmpty()) {
      pk.put("allowCredentials", descriptors(allow));
    }
    pk.put("userVerification", passkey ? "preferred" : "discouraged");
    return new Begun(new JsonObject().put("publicKey", pk), session(challenge, userHandle));
  }

  /**
   * Verifies the browser's answer to {@link #registration} (the JSON Kratos' script posts) against {@code session}:
   * a first-factor key (security keys are only enrolled with {@code passwordless: true}).
   *
   * @throws Refused when the answer does not parse or does not verify
   */
  WebAuthnKeys.Key register(JsonObject session, String answer, String displayName, Instant now) {
    try {
      JsonObject response = new JsonObject(answer).getJsonObject("response");
      RegistrationRequest request = new RegistrationRequest(unurl(response.getString("attestationObject")),
          unurl(response.getString("clientDataJSON")));
      List<PublicKeyCredentialParameters> algs = java.util.Arrays.stream(ALGORITHMS)
          .mapToObj(a -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY,
              COSEAlgorithmIdentifier.create(a))).toList();
      RegistrationData data = MANAGER.verify(request,
          new RegistrationParameters(server(session), algs, false, true));
      AuthenticatorData<?> auth = data.getAttestationObject().getAuthenticatorData();
      AttestedCredentialData cred = auth.getAttestedCredentialData();
      JsonObject flags = new JsonObject().put("user_present", auth.isFlagUP()).put("user_verified", auth.isFlagUV())
          .put("backup_eligible", auth.isFlagBE()).put("backup_state", auth.isFlagBS());
      return new WebAuthnKeys.Key(cred.getCredentialId(), CONVERTER.getCborConverter().writeValueAsBytes(
          cred.getCOSEKey()), data.getAttestationObject().getFormat(), cred.getAaguid().getBytes(),
          auth.getSignCount(), false, displayName, now, true, flags);
    } catch (RuntimeException e) {
      throw new Refused("registration refused: " + e, e);
    }
  }

  /** The parts of an assertion answer the login needs before verification: which key, which user. */
  record Assertion(JsonObject json, byte[] credentialId, byte[] userHandle) {
    static Assertion parse(String answer) {
      try {
        JsonObject json = new JsonObject(answer);
        JsonObject response = json.getJsonObject("response");
        String raw = json.getString("rawId", json.getString("id"));
        String handle = response.getString("userHandle");
        return new Assertion(json, unurl(raw), handle == null || handle.isEmpty() ? new byte[0] : unurl(handle));
      } catch (RuntimeException e) {
        throw new Refused("assertion does not parse: " + e, e);
      }
    }
  }

  /**
   * Verifies {@code assertion} made with {@code key} against {@code session}; the new signature counter.
   *
   * @throws Refused on a wrong origin, rp, challenge, signature, or a counter that did not increase
   */
  long authenticate(JsonObject session, Assertion assertion, WebAuthnKeys.Key key) {
    try {
      JsonObject response = assertion.json().getJsonObject("response");
      AuthenticationRequest request = new AuthenticationRequest(assertion.credentialId(),
          assertion.userHandle().length == 0 ? null : assertion.userHandle(),
          unurl(response.getString("authenticatorData")), unurl(response.getString("clientDataJSON")), null,
          unurl(response.getString("signature")));
      COSEKey cose = CONVERTER.getCborConverter().readValue(key.publicKey(), COSEKey.class);
      CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(), null,
          key.flags().getBoolean("backup_eligible"), key.flags().getBoolean("backup_state"), key.signCount(),
          new AttestedCredentialData(new AAGUID(key.aaguid()), key.id(), cose), null, null, null, null);
      AuthenticationData data = MANAGER.verify(request, new AuthenticationParameters(server(session), record,
          List.of(key.id()), false, true));
      return data.getAuthenticatorData().getSignCount();
    } catch (RuntimeException e) {
      throw new Refused("assertion refused: " + e, e);
    }
  }

  private ServerProperty server(JsonObject session) {
    Set<Origin> origins = rp.origins().stream().map(Origin::new).collect(Collectors.toCollection(LinkedHashSet::new));
    return new ServerProperty(origins, rp.rpId(), new DefaultChallenge(unurl(session.getString("challenge"))));
  }

  private static JsonObject session(byte[] challenge, byte[] userHandle) {
    return new JsonObject().put("challenge", URL.encodeToString(challenge))
        .put("user_id", Base64.getEncoder().encodeToString(userHandle));
  }

  private static JsonArray descriptors(List<byte[]> ids) {
    JsonArray out = new JsonArray();
    ids.forEach(id -> out.add(new JsonObject().put("type", "public-key").put("id", URL.encodeToString(id))));
    return out;
  }

  private static byte[] challenge() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return b;
  }

  /** base64url with or without padding (browsers and Go differ), standard base64 tolerated. */
  static byte[] unurl(String s) {
    if (s == null) {
      throw new IllegalArgumentException("missing buffer");
    }
    String t = s.replace('+', '-').replace('/', '_');
    while (t.endsWith("=")) {
      t = t.substring(0, t.length() - 1);
    }
    return Base64.getUrlDecoder().decode(t);
  }
}
