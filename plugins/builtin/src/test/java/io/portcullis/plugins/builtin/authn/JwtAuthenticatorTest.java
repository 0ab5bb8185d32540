package io.portcullis.plugins.builtin.authn;

import static io.portcullis.plugins.builtin.support.TestHost.await;
import static io.portcullis.plugins.builtin.support.TestHost.config;
import static io.portcullis.plugins.builtin.support.TestHost.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.portcullis.plugins.builtin.support.Jwts;
import io.portcullis.plugins.builtin.support.LoopbackServer;
import io.portcullis.plugins.builtin.support.LoopbackServer.Answer;
import io.portcullis.plugins.builtin.support.TestHost;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.Authenticator;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** jwt against a JWKS endpoint on loopback: verification, claims, rotation, refresh on an unknown kid. */
class JwtAuthenticatorTest {
  TestHost host;
  LoopbackServer jwks;
  volatile String served;
  /** Generated once: RSA key generation is slow on a loaded machine. */
  static final RSAKey K1 = Jwts.rsaUnchecked("k1");
  static final RSAKey K2 = Jwts.rsaUnchecked("k2");
  static final RSAKey FORGER = Jwts.rsaUnchecked("k1");
  RSAKey k1 = K1;
  RSAKey k2 = K2;

  @BeforeEach
  void start() throws Exception {
    host = new TestHost();
    served = Jwts.publicSet(k1);
    jwks = new LoopbackServer(host.vertx, r -> Answer.json(200, served));
  }

  @AfterEach
  void stop() {
    host.close();
  }

  Authenticator jwt(Map<String, Object> extra) throws ConfigException {
    // A cold JVM on a loaded machine can take longer than the default second for its first read.
    Map<String, Object> c = new java.util.HashMap<>(Map.of("jwks_urls", List.of(jwks.url("/.well-known/jwks.json")),
        "jwks_max_wait", "10s"));
    c.putAll(extra);
    return new JwtAuthenticator().create(config(c), host.context("jwt"));
  }

  JWTClaimsSet.Builder claims() {
    long now = host.clock.millis();
    return new JWTClaimsSet.Builder().subject("alice").issuer("https://issuer.example").audience("api")
        .expirationTime(new Date(now + 60_000)).issueTime(new Date(now - 1000)).claim("scope", "read write.items");
  }

  Outcome run(Authenticator a, String token, AuthSession session) throws Exception {
    return await(a.authenticate(request(null, Map.of("Authorization", "Bearer " + token)), session));
  }

  @Test
  void aValidTokenYieldsItsSubjectAndClaimsWithTheScopeNormalized() throws Exception {
    Authenticator a = jwt(Map.of("trusted_issuers", List.of("https://issuer.example"), "target_audience",
        List.of("api"), "scope_strategy", "hierarchic", "required_scope", List.of("read.all")));
    AuthSession session = new AuthSession();
    Outcome o = run(a, Jwts.sign(k1, claims().build()), session);
    assertThat(o.kind()).as(String.valueOf(o)).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(session.subject()).isEqualTo("alice");
    assertThat(session.extra()).containsEntry("iss", "https://issuer.example")
        .containsEntry("scp", List.of("read", "write.items")).doesNotContainKey("scope");
    assertThat(session.expiresAt()).as("a WebSocket or stream ends with the token")
        .isEqualTo(java.time.Instant.ofEpochSecond(((Number) session.extra().get("exp")).longValue()));
    assertThat(session.sessionId()).isNull();
  }

  @Test
  void refusalsAre401WithOathkeepersReasons() throws Exception {
    Authenticator a = jwt(Map.of("trusted_issuers", List.of("https://other"), "target_audience", List.of("api")));
    assertThat(run(a, Jwts.sign(k1, claims().build()), new AuthSession()))
        .satisfies(o -> assertThat(o.status()).isEqualTo(401))
        .satisfies(o -> assertThat(o.reason()).contains("trusted issuer"));
    Authenticator plain = jwt(Map.of());
    long now = host.clock.millis();
    assertThat(run(plain, Jwts.sign(k1, claims().expirationTime(new Date(now - 1000)).build()), new AuthSession())
        .reason()).contains("expired");
    assertThat(run(plain, Jwts.sign(k1, claims().notBeforeTime(new Date(now + 60_000)).build()), new AuthSession())
        .reason()).contains("not valid yet");
    assertThat(run(plain, Jwts.sign(Jwts.ec("k1"), claims().build()), new AuthSession()).reason())
        .contains("signing method \"ES256\" which is not allowed");
    String forged = Jwts.sign(FORGER, claims().build());
    assertThat(run(plain, forged, new AuthSession()).reason()).contains("signature");
    assertThat(await(plain.authenticate(request(null, Map.of("Authorization", "Bearer opaque-token")),
        new AuthSession())).kind()).as("not a JWT: the next authenticator's").isEqualTo(Outcome.Kind.NOT_RESPONSIBLE);
  }

  @Test
  void rotationIsPickedUpByTheFirstTokenWithTheNewKidAndRemovedKeysStopWorking() throws Exception {
    Authenticator a = jwt(Map.of());
    String old = Jwts.sign(k1, claims().build());
    assertThat(run(a, old, new AuthSession()).kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(jwks.received).hasSize(1);
    served = Jwts.publicSet(k2); // the issuer rotated and dropped k1
    host.clock.advance(1_100);
    Outcome rotated = run(a, Jwts.sign(k2, claims().build()), new AuthSession());
    assertThat(rotated.kind()).as("unknown kid: the set is read again " + rotated).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(jwks.received).hasSize(2);
    assertThat(run(a, old, new AuthSession()).status()).as("a removed key is revoked").isEqualTo(401);
  }

  @Test
  void unknownKidsTriggerAtMostOneReadPerSecond() throws Exception {
    Authenticator a = jwt(Map.of());
    assertThat(run(a, Jwts.sign(k1, claims().build()), new AuthSession()).kind()).isEqualTo(Outcome.Kind.SUCCESS);
    host.clock.advance(1_100);
    for (int i = 0; i < 5; i++) {
      Outcome o = run(a, Jwts.sign(new RSAKey.Builder(k2).keyID("made-up-" + i).build(), claims().build()), new AuthSession());
      assertThat(o.status()).isEqualTo(401);
      assertThat(o.reason()).contains("could not be found");
    }
    assertThat(jwks.received).as("the first made-up kid reads once, the others wait for the interval").hasSize(2);
  }

  @Test
  void anExpiredSetIsReadAgainAfterTheTtl() throws Exception {
    Authenticator a = jwt(Map.of("jwks_ttl", "10s"));
    String token = Jwts.sign(k1, claims().expirationTime(new Date(host.clock.millis() + 600_000)).build());
    run(a, token, new AuthSession());
    run(a, token, new AuthSession());
    assertThat(jwks.received).hasSize(1);
    host.clock.advance(11_000);
    assertThat(run(a, token, new AuthSession()).kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(jwks.received).hasSize(2);
  }

  @Test
  void aHungJwksEndpointIsAwaitedAtMostJwksMaxWait() throws Exception {
    Authenticator a = jwt(Map.of("jwks_max_wait", "200ms"));
    jwks.respond(r -> Answer.hang());
    long start = System.nanoTime();
    Outcome o = run(a, Jwts.sign(k1, claims().build()), new AuthSession());
    assertThat(o.status()).isEqualTo(401);
    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(150L, 2_000L);
  }

  @Test
  void keysFromAFileAndTheTokenFromAQueryParameter() throws Exception {
    Path file = Files.createTempFile("jwks", ".json");
    Files.writeString(file, Jwts.publicSet(Jwts.ec("e1"), k1));
    Authenticator a = new JwtAuthenticator().create(config(Map.of("jwks_urls", List.of("file://" + file),
        "allowed_algorithms", List.of("RS256", "ES256"), "jwks_max_wait", "10s", "token_from", Map.of("query_parameter", "token"))),
        host.context("jwt"));
    String token = Jwts.sign(k1, claims().build());
    assertThat(await(a.authenticate(request("token=" + token, Map.of()), new AuthSession())).kind())
        .isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(await(a.authenticate(request(null, Map.of("Authorization", "Bearer " + token)), new AuthSession()))
        .kind()).isEqualTo(Outcome.Kind.NOT_RESPONSIBLE);
  }

  @Test
  void configurationProblemsNameTheField() {
    assertThatThrownBy(() -> jwt(Map.of("required_scope", List.of("a"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("scope_strategy");
    assertThatThrownBy(() -> jwt(Map.of("allowed_algorithms", List.of("none"))))
        .hasMessageContaining("allowed_algorithms[0]");
    assertThatThrownBy(() -> jwt(Map.of("jwks_ttl", "soon"))).hasMessageContaining("jwks_ttl");
    assertThatThrownBy(() -> new JwtAuthenticator().create(config(Map.of()), host.context("jwt")))
        .hasMessageContaining("jwks_urls");
  }
}
