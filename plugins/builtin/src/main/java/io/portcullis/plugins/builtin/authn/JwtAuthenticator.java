package io.portcullis.plugins.builtin.authn;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.portcullis.plugins.builtin.keys.KeySetLocation;
import io.portcullis.plugins.builtin.keys.KeySetSource;
import io.portcullis.plugins.builtin.keys.KeySetSources;
import io.portcullis.plugins.builtin.remote.GoDuration;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.Authenticator;
import io.portcullis.spi.AuthenticatorFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code jwt}: a bearer token that is a JWS (three dot-separated parts; anything else is left to the next
 * authenticator) is verified with a key from {@code jwks_urls} chosen by its {@code kid}, its algorithm one of
 * {@code allowed_algorithms} (default RS256), then checked for {@code exp}, {@code nbf}, {@code iat},
 * {@code target_audience}, {@code trusted_issuers} and {@code required_scope}. The subject is {@code sub}; the claims
 * become {@code extra}, the scope claim ({@code scp}, {@code scope} or {@code scopes}) normalized to a list under
 * {@code scp}, as Oathkeeper does. Every refusal is a 401.
 */
@Extension
public final class JwtAuthenticator implements AuthenticatorFactory {
  private static final Set<String> KEYS = Set.of("required_scope", "target_audience", "trusted_issuers",
      "allowed_algorithms", "jwks_urls", "jwks_max_wait", "jwks_ttl", "scope_strategy", "token_from");
  private static final Set<String> SUPPORTED_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
      "PS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512");

  /** Shared by every rule, so one location is cached and read once whatever the number of rules naming it. */
  private final KeySetSources sources = new KeySetSources();

  @Override
  public String id() {
    return "jwt";
  }

  /** A well-formed token (header {"alg":"RS256","kid":"k"}, empty claims) parsed once per rule compile. */
  private static final String WARM_UP_TOKEN = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.e30.AA";

  @Override
  public Authenticator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(KEYS);
    warmUpParser();
    List<String> urls = config.stringList("jwks_urls");
    if (urls.isEmpty()) {
      throw new ConfigException(config.field("jwks_urls"), null, "at least one JSON Web Key Set URL");
    }
    List<KeySetSource> keySets = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      keySets.add(sources.get(KeySetLocation.parse(config.field("jwks_urls") + "[" + i + "]", urls.get(i)),
          context.services()));
    }
    List<String> algorithms = config.stringList("allowed_algorithms");
    if (algorithms.isEmpty()) {
      algorithms = List.of("RS256");
    }
    for (int i = 0; i < algorithms.size(); i++) {
      if (!SUPPORTED_ALGORITHMS.contains(algorithms.get(i))) {
        throw new ConfigException(config.field("allowed_algorithms") + "[" + i + "]", algorithms.get(i),
            "one of " + new java.util.TreeSet<>(SUPPORTED_ALGORITHMS));
      }
    }
    ScopeStrategy strategy = ScopeStrategy.read(config);
    List<String> requiredScope = config.stringList("required_scope");
    if (strategy == ScopeStrategy.NONE && !requiredScope.isEmpty()) {
      // Oathkeeper refuses every request of such a rule; we refuse the rule, where the operator sees it.
      throw new ConfigException(config.field("scope_strategy"), "none",
          "hierarchic, exact or wildcard when required_scope is set");
    }
    Duration ttl = GoDuration.read(config, "jwks_ttl", "30s");
    Duration maxWait = GoDuration.read(config, "jwks_max_wait", "1s");
    Check check = new Check(Set.copyOf(algorithms), new JwtKeyResolver(keySets, ttl, maxWait, context.services()),
        config.stringList("target_audience"), config.stringList("trusted_issuers"), strategy, requiredScope,
        context.services().clock());
    TokenLocation from = TokenLocation.of(config);
    return (request, session) -> {
      String token = from.read(request);
      if (token == null || token.isEmpty() || token.split("\\.", -1).length != 3) {
        return Outcome.notResponsibleStage();
      }
      return check.authenticate(token, session);
    };
  }

  /**
   * Loads the JOSE parser's classes here (rules compile on a worker) instead of in the first request, where they kept
   * the event loop past {@code blocked_threshold} on a busy machine and that request was denied.
   */
  private static void warmUpParser() {
    try {
      SignedJWT.parse(WARM_UP_TOKEN).getJWTClaimsSet();
    } catch (java.text.ParseException e) {
      throw new IllegalStateException("the JOSE parser refused a well-formed token", e);
    }
  }

  /** The per-rule verification, as Oathkeeper's credentials verifier does it. */
  private record Check(Set<String> algorithms, JwtKeyResolver keys, List<String> audiences, List<String> issuers,
      ScopeStrategy strategy, List<String> requiredScope, java.time.Clock clock) {

    CompletionStage<Outcome> authenticate(String token, AuthSession session) {
      SignedJWT jwt;
      try {
        jwt = SignedJWT.parse(token);
      } catch (java.text.ParseException e) {
        return Outcome.completed(Outcome.unauthorized("the token is not a valid JSON Web Token: " + e.getMessage()));
      }
      String alg = jwt.getHeader().getAlgorithm().getName();
      if (!algorithms.contains(alg)) {
        return Outcome.completed(Outcome.unauthorized("JSON Web Token used signing method \"" + alg
            + "\" which is not allowed."));
      }
      String kid = jwt.getHeader().getKeyID();
      if (kid == null || kid.isEmpty()) {
        return Outcome.completed(Outcome.unauthorized(
            "The JSON Web Token must contain a kid header value but did not."));
      }
      return keys.resolve(kid).thenApply(key -> {
        if (key == null) {
          return Outcome.unauthorized("JSON Web Key ID \"" + kid
              + "\" with use \"sig\" could not be found in any of the provided URIs.");
        }
        return verified(jwt, key, session);
      });
    }

    private Outcome verified(SignedJWT jwt, JWK key, AuthSession session) {
      JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
      if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
        return Outcome.unauthorized("The signing key algorithm does not match the algorithm from the token header.");
      }
      Map<String, Object> claims;
      try {
        JWSVerifier verifier = verifier(alg, key);
        if (verifier == null) {
          return Outcome.unauthorized("The signing key algorithm does not match the algorithm from the token "
              + "header.");
        }
        if (!jwt.verify(verifier)) {
          return Outcome.unauthorized("token signature is invalid");
        }
        claims = new LinkedHashMap<>(jwt.getJWTClaimsSet().toJSONObject());
      } catch (JOSEException | java.text.ParseException | IllegalStateException e) {
        return Outcome.unauthorized("the token could not be verified: " + e.getMessage());
      }
      String invalid = timeClaimsProblem(claims);
      if (invalid != null) {
        return Outcome.unauthorized(invalid);
      }
      List<String> aud = strings(claims.get("aud"));
      for (String a : audiences) {
        if (!aud.contains(a)) {
          return Outcome.unauthorized("Token audience " + aud + " is not intended for target audience " + a + ".");
        }
      }
      Object iss = claims.get("iss");
      if (!issuers.isEmpty() && !(iss instanceof String s && issuers.contains(s))) {
        return Outcome.unauthorized("Token issuer does not match any trusted issuer " + iss + ".");
      }
      List<String> scope = normalizeScope(claims);
      for (String required : requiredScope) {
        if (!strategy.grants(scope, required)) {
          return Outcome.unauthorized("JSON Web Token is missing required scope \"" + required + "\".");
        }
      }
      Object sub = claims.get("sub");
      session.setSubject(sub instanceof String s ? s : "");
      session.extra().putAll(claims);
      // A token names no revocable session, but its WebSocket or stream must not outlive it.
      Long exp = seconds(claims.get("exp"));
      session.bindSession(null, null, exp == null ? null : java.time.Instant.ofEpochSecond(exp));
      return Outcome.success();
    }

    /** golang-jwt's checks, no leeway: not expired, already valid, not issued in the future. */
    private String timeClaimsProblem(Map<String, Object> claims) {
      long now = clock.millis();
      Long exp = seconds(claims.get("exp"));
      if (exp != null && now >= exp * 1000) {
        return "token has invalid claims: token is expired";
      }
      Long nbf = seconds(claims.get("nbf"));
      if (nbf != null && now < nbf * 1000) {
        return "token has invalid claims: token is not valid yet";
      }
      Long iat = seconds(claims.get("iat"));
      if (iat != null && now < iat * 1000) {
        return "token has invalid claims: token used before issued";
      }
      return null;
    }

    private static Long seconds(Object v) {
      return v instanceof Number n ? n.longValue() : null;
    }
  }

  /** The scope claim ({@code scp}, else {@code scope}, else {@code scopes}) as a list, stored back under {@code scp}. */
  static List<String> normalizeScope(Map<String, Object> claims) {
    for (String k : List.of("scp", "scope", "scopes")) {
      if (claims.containsKey(k)) {
        Object v = claims.remove(k);
        List<String> scope = v instanceof String s
            ? (s.isEmpty() ? List.of() : List.of(s.split(" "))) : strings(v);
        claims.put("scp", scope);
        return scope;
      }
    }
    claims.put("scp", List.of());
    return List.of();
  }

  /** A string or a list of strings as a list (other elements read as empty strings, as Oathkeeper does). */
  static List<String> strings(Object v) {
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof List<?> l) {
      List<String> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(x instanceof String s ? s : ""));
      return List.copyOf(out);
    }
    return List.of();
  }

  /**
   * Verifiers by key id and algorithm, each for the key object it was built from: building one decodes the key
   * (a KeyFactory call for RSA and EC), which cost more than the signature check itself when done per request. Only
   * keys of a fetched set reach here, so the map holds at most one entry per key and algorithm; a refreshed set
   * brings new key objects, which replace the old entries.
   */
  private static final java.util.concurrent.ConcurrentHashMap<String, CachedVerifier> VERIFIERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record CachedVerifier(JWK key, JWSVerifier verifier) {
  }

  /** A verifier for {@code alg} from {@code key}, or null when the key's type does not fit the algorithm. */
  private static JWSVerifier verifier(JWSAlgorithm alg, JWK key) throws JOSEException {
    String id = key.getKeyID() + "\u0000" + alg.getName();
    CachedVerifier cached = VERIFIERS.get(id);
    if (cached != null && cached.key() == key) {
      return cached.verifier();
    }
    JWSVerifier built = newVerifier(alg, key);
    if (built != null) {
      VERIFIERS.put(id, new CachedVerifier(key, built));
    }
    return built;
  }

  private static JWSVerifier newVerifier(JWSAlgorithm alg, JWK key) throws JOSEException {
    if (JWSAlgorithm.Family.RSA.contains(alg) && key instanceof RSAKey rsa) {
      return new RSASSAVerifier(rsa.toRSAPublicKey());
    }
    if (JWSAlgorithm.Family.EC.contains(alg) && key instanceof ECKey ec) {
      return new ECDSAVerifier(ec.toECPublicKey());
    }
    if (JWSAlgorithm.Family.HMAC_SHA.contains(alg) && key instanceof OctetSequenceKey oct) {
      return new MACVerifier(oct.toByteArray());
    }
    return null;
  }
}
