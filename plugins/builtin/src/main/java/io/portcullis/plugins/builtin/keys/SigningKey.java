package io.portcullis.plugins.builtin.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The key a set signs with: its first private (or symmetric) key, so rotating means putting the new key first and
 * keeping the old one after it until tokens signed with it have expired. The algorithm is the key's {@code alg},
 * else the usual one for its type (RS256; ES256/384/512 by curve; HS256).
 */
public record SigningKey(JWK key, JWSAlgorithm algorithm) {

  /** The signing key of {@code set}, or null when it holds none. */
  public static SigningKey first(JWKSet set) {
    for (JWK k : set.getKeys()) {
      boolean usable = (k instanceof RSAKey || k instanceof ECKey) && k.isPrivate() || k instanceof OctetSequenceKey;
      if (usable && k.getKeyID() != null) {
        return new SigningKey(k, algorithm(k));
      }
    }
    return null;
  }

  private static JWSAlgorithm algorithm(JWK k) {
    if (k.getAlgorithm() != null) {
      return JWSAlgorithm.parse(k.getAlgorithm().getName());
    }
    if (k instanceof ECKey ec) {
      Curve c = ec.getCurve();
      return Curve.P_384.equals(c) ? JWSAlgorithm.ES384 : Curve.P_521.equals(c) ? JWSAlgorithm.ES512
          : JWSAlgorithm.ES256;
    }
    return k instanceof OctetSequenceKey ? JWSAlgorithm.HS256 : JWSAlgorithm.RS256;
  }

  /** A compact JWS of {@code claims}, with this key's {@code kid}. CPU-bound: callers run it on a worker. */
  public String sign(JWTClaimsSet claims) throws JOSEException {
    JWSSigner signer;
    if (key instanceof RSAKey rsa) {
      signer = new RSASSASigner(rsa);
    } else if (key instanceof ECKey ec) {
      signer = new ECDSASigner(ec);
    } else {
      signer = new MACSigner((OctetSequenceKey) key);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT)
        .build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  /** The public halves of {@code set}'s asymmetric keys, as JSON members, for {@code /.well-known/jwks.json}. */
  public static List<Map<String, Object>> publicKeys(JWKSet set) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (JWK k : set.toPublicJWKSet().getKeys()) {
      out.add(k.toJSONObject());
    }
    return out;
  }
}
