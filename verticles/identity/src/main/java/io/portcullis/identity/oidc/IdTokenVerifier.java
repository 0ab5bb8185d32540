package io.portcullis.identity.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks an ID token as go-oidc does for Kratos (issuer, audience, expiry, not-before, algorithm, signature against
 * the provider's JWKS) and then the nonce this flow sent. Every refusal is a 400 whose reason is go-oidc's text, which
 * Kratos puts on the flow's form.
 */
public final class IdTokenVerifier {
  /** Only signatures with a public key: {@code none} and HMAC are never accepted. */
  private static final Set<String> ASYMMETRIC = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
      "ES384", "ES512", "EdDSA");
  private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'")
      .withZone(ZoneOffset.UTC);
  private final KeySet keys;
  private final Clock clock;

  public IdTokenVerifier(KeySet keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * What to expect of a token.
   *
   * @param issuers the issuer, or the issuers accepted (Google's without the scheme)
   * @param algorithms the provider's {@code id_token_signing_alg_values_supported}; RS256 when empty
   * @param nonce the nonce sent with the authorization request; null when none was sent
   */
  public record Expected(List<String> issuers, String clientId, String jwksUri, List<String> algorithms,
      String nonce) {
  }

  /** The verified token's claims. */
  public Future<Claims> verify(String raw, Expected e) {
    SignedJWT jwt;
    JsonObject claims;
    try {
      jwt = SignedJWT.parse(raw);
      claims = new JsonObject(jwt.getPayload().toJSONObject());
    } catch (ParseException | RuntimeException ex) {
      return Future.failedFuture(refused("oidc: malformed jwt: " + ex.getMessage()));
    }
    String iss = claims.getValue("iss") instanceof String s ? s : "";
    if (!e.issuers().contains(iss)) {
      return Future.failedFuture(refused("oidc: id token issued by a different provider, expected "
          + quote(e.issuers().get(0)) + " got " + quote(iss)));
    }
    List<String> aud = audience(claims.getValue("aud"));
    if (!aud.contains(e.clientId())) {
      return Future.failedFuture(refused("oidc: expected audience " + quote(e.clientId()) + " got "
          + aud.stream().map(IdTokenVerifier::quote).collect(Collectors.joining(" ", "[", "]"))));
    }
    Instant now = clock.instant();
    Instant exp = Instant.ofEpochSecond(claims.getValue("exp") instanceof Number n ? n.longValue() : 0);
    if (exp.isBefore(now)) {
      return Future.failedFuture(refused("oidc: token is expired (Token Expiry: " + GO_TIME.format(exp) + ")"));
    }
    if (claims.getValue("nbf") instanceof Number nbf && now.plus(Duration.ofMinutes(1))
        .isBefore(Instant.ofEpochSecond(nbf.longValue()))) {
      return Future.failedFuture(refused("oidc: current time " + GO_TIME.format(now) + " before the nbf (not before) "
          + "time: " + GO_TIME.format(Instant.ofEpochSecond(nbf.longValue()))));
    }
    List<String> allowed = (e.algorithms().isEmpty() ? List.of("RS256") : e.algorithms()).stream()
        .filter(ASYMMETRIC::contains).toList();
    String alg = jwt.getHeader().getAlgorithm().getName();
    if (!allowed.contains(alg)) {
      return Future.failedFuture(refused("oidc: id token signed with unsupported algorithm, expected "
          + allowed.stream().map(IdTokenVerifier::quote).collect(Collectors.joining(" ", "[", "]")) + " got "
          + quote(alg)));
    }
    return keys.candidates(e.jwksUri(), jwt.getHeader().getKeyID()).compose(candidates -> {
      if (!signedByOneOf(jwt, candidates)) {
        return Future.failedFuture(refused("failed to verify signature: failed to verify id token signature"));
      }
      return nonce(claims, e.nonce()).map(x -> new Claims(claims));
    });
  }

  /** The nonce check Kratos makes of submitted ID tokens, here made of every ID token of a flow that sent one. */
  private static Future<Void> nonce(JsonObject claims, String expected) {
    if (expected == null) {
      return Future.succeededFuture();
    }
    Object got = claims.getValue("nonce");
    if (!(got instanceof String s) || s.isEmpty()) {
      return Future.failedFuture(refused("No nonce was included in the id_token but is required by the provider"));
    }
    if (!java.security.MessageDigest.isEqual(s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        expected.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      return Future.failedFuture(refused("The supplied nonce does not match the nonce from the id_token"));
    }
    return Future.succeededFuture();
  }

  private static boolean signedByOneOf(SignedJWT jwt, List<JWK> candidates) {
    DefaultJWSVerifierFactory factory = new DefaultJWSVerifierFactory();
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    for (JWK k : candidates) {
      if (!(k instanceof AsymmetricJWK a) || (k.getAlgorithm() != null && !k.getAlgorithm().equals(alg))
          || (k.getKeyUse() != null && !"sig".equals(k.getKeyUse().identifier()))) {
        continue;
      }
      try {
        Key key = a.toPublicKey();
        JWSVerifier v = factory.createJWSVerifier(jwt.getHeader(), key);
        if (jwt.verify(v)) {
          return true;
        }
      } catch (JOSEException | RuntimeException ignored) {
        // a key of another type or curve: try the next one
      }
    }
    return false;
  }

  private static List<String> audience(Object aud) {
    if (aud instanceof String s) {
      return List.of(s);
    }
    if (aud instanceof JsonArray a) {
      return a.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    if (aud instanceof List<?> l) {
      return l.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return List.of();
  }

  static KratosError refused(String reason) {
    return KratosError.badRequest(reason);
  }

  private static String quote(String s) {
    return io.portcullis.rules.template.GoFormat.quote(s);
  }
}
