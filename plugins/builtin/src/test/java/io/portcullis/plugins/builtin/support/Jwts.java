package io.portcullis.plugins.builtin.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.List;

/** Keys and tokens for tests, made with the same library the handlers use. */
public final class Jwts {
  private Jwts() {
  }

  public static RSAKey rsa(String kid) throws Exception {
    return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
  }

  /** {@link #rsa} for static initializers. */
  public static RSAKey rsaUnchecked(String kid) {
    try {
      return rsa(kid);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static ECKey ec(String kid) throws Exception {
    return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
  }

  /** A JWKS document with the public halves of {@code keys}. */
  public static String publicSet(JWK... keys) {
    return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
  }

  /** A JWKS document with the keys as they are (private halves included). */
  public static String privateSet(JWK... keys) {
    return new JWKSet(List.of(keys)).toString(false);
  }

  public static String sign(JWK key, JWTClaimsSet claims) throws Exception {
    JWSAlgorithm alg = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), claims);
    jwt.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
    return jwt.serialize();
  }
}
