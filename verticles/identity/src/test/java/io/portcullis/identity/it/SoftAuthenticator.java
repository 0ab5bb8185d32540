package io.portcullis.identity.it;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A software authenticator for tests: one EC P-256 key, {@code none} attestation, authenticator data with the flags
 * and counter a test asks for, and clientDataJSON with the origin and challenge it is given. It answers the options
 * the server puts on the forms with the JSON Kratos' script posts.
 */
final class SoftAuthenticator {
  private static final ObjectConverter CONVERTER = new ObjectConverter();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  final byte[] credentialId = new byte[32];
  private final KeyPair keys;
  /** The user handle given at registration (a resident key keeps it). */
  byte[] userHandle = new byte[0];
  long counter;

  SoftAuthenticator() throws Exception {
    new SecureRandom().nextBytes(credentialId);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    keys = g.generateKeyPair();
  }

  /** navigator.credentials.create: answers {@code options} ({"publicKey": ...}) as made on {@code origin}. */
  String create(JsonObject options, String origin) throws Exception {
    JsonObject pk = options.getJsonObject("publicKey");
    userHandle = Base64.getUrlDecoder().decode(pk.getJsonObject("user").getString("id"));
    byte[] clientData = clientData("webauthn.create", pk.getString("challenge"), origin);
    AttestedCredentialData attested = new AttestedCredentialData(AAGUID.ZERO, credentialId,
        EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256));
    byte flags = (byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV | AuthenticatorData.BIT_AT);
    AuthenticatorData<com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput> data =
        new AuthenticatorData<>(sha256(pk.getJsonObject("rp").getString("id").getBytes(StandardCharsets.UTF_8)),
            flags, counter, attested);
    byte[] attestation = new AttestationObjectConverter(CONVERTER).convertToBytes(
        new AttestationObject(data, new NoneAttestationStatement()));
    return new JsonObject().put("id", URL.encodeToString(credentialId)).put("rawId", URL.encodeToString(credentialId))
        .put("type", "public-key").put("response", new JsonObject()
            .put("attestationObject", URL.encodeToString(attestation))
            .put("clientDataJSON", URL.encodeToString(clientData))).encode();
  }

  /** navigator.credentials.get with the next counter value. */
  String get(JsonObject options, String origin) throws Exception {
    return get(options, origin, options.getJsonObject("publicKey").getString("challenge"), ++counter);
  }

  /** An assertion with a chosen challenge (base64url) and counter. */
  String get(JsonObject options, String origin, String challenge, long count) throws Exception {
    JsonObject pk = options.getJsonObject("publicKey");
    byte[] clientData = clientData("webauthn.get", challenge, origin);
    byte flags = (byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV);
    byte[] auth = new AuthenticatorDataConverter(CONVERTER).convert(new AuthenticatorData<>(
        sha256(pk.getString("rpId").getBytes(StandardCharsets.UTF_8)), flags, count));
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(keys.getPrivate());
    s.update(auth);
    s.update(sha256(clientData));
    return new JsonObject().put("id", URL.encodeToString(credentialId)).put("rawId", URL.encodeToString(credentialId))
        .put("type", "public-key").put("response", new JsonObject()
            .put("authenticatorData", URL.encodeToString(auth))
            .put("clientDataJSON", URL.encodeToString(clientData))
            .put("signature", URL.encodeToString(s.sign()))
            .put("userHandle", URL.encodeToString(userHandle))).encode();
  }

  private static byte[] clientData(String type, String challenge, String origin) {
    return new JsonObject().put("type", type).put("challenge", challenge).put("origin", origin)
        .put("crossOrigin", false).encode().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }
}
