package io.portcullis.plugins.builtin.mutate;

import static io.portcullis.plugins.builtin.support.TestHost.authorizedSession;
import static io.portcullis.plugins.builtin.support.TestHost.await;
import static io.portcullis.plugins.builtin.support.TestHost.config;
import static io.portcullis.plugins.builtin.support.TestHost.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.portcullis.plugins.builtin.support.Jwts;
import io.portcullis.plugins.builtin.support.TestHost;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.Mutator;
import io.portcullis.spi.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** id_token: a JWT per request, signed with the key file's first key, verifiable with the published keys. */
class IdTokenMutatorTest {
  TestHost host;
  Path keys;
  RSAKey k1;

  @BeforeEach
  void start() throws Exception {
    host = new TestHost();
    k1 = Jwts.rsa("k1");
    keys = Files.createTempFile("id-token-keys", ".json");
    Files.writeString(keys, Jwts.privateSet(k1));
  }

  @AfterEach
  void stop() {
    host.close();
  }

  Mutator idToken() throws ConfigException {
    return new IdTokenMutator().create(config(Map.of("issuer_url", "https://portcullis.example", "jwks_url",
        "file://" + keys, "ttl", "1m", "claims", "{\"aud\": [\"backend\"], \"email\": \"{{ .Extra.email }}\"}")),
        host.context("id_token"));
  }

  String token(Mutator m, AuthSession session) throws Exception {
    assertThat(await(m.mutate(request(null, Map.of()), session)).kind()).isEqualTo(Outcome.Kind.SUCCESS);
    return session.headers().get("Authorization").substring("Bearer ".length());
  }

  /** Verifies {@code token} with the keys the host would serve at /.well-known/jwks.json. */
  SignedJWT verifiedWithPublishedKeys(String token) throws Exception {
    SignedJWT jwt = SignedJWT.parse(token);
    List<Map<String, Object>> published = host.host.publishedKeys().keys();
    assertThat(published).allSatisfy(k -> assertThat(k).doesNotContainKeys("d", "p", "q"));
    for (Map<String, Object> json : published) {
      JWK k = JWK.parse(json);
      if (k.getKeyID().equals(jwt.getHeader().getKeyID())) {
        boolean ok = k instanceof RSAKey rsa ? jwt.verify(new RSASSAVerifier(rsa))
            : jwt.verify(new ECDSAVerifier((ECKey) k));
        assertThat(ok).as("signature verifies with the published key").isTrue();
        return jwt;
      }
    }
    throw new AssertionError("no published key " + jwt.getHeader().getKeyID() + " in " + published);
  }

  @Test
  void theTokenCarriesTheClaimsAndVerifiesWithThePublishedKeys() throws Exception {
    Mutator m = idToken();
    SignedJWT jwt = verifiedWithPublishedKeys(token(m, authorizedSession("alice", Map.of("email", "a@x"))));
    var claims = jwt.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getIssuer()).isEqualTo("https://portcullis.example");
    assertThat(claims.getAudience()).containsExactly("backend");
    assertThat(claims.getStringClaim("email")).isEqualTo("a@x");
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(60_000);
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
  }

  @Test
  void tokensAreReusedPerSubjectAndClaimsUntilNinetyPercentOfTheirLifetime() throws Exception {
    Mutator m = idToken();
    String first = token(m, authorizedSession("alice", Map.of("email", "a@x")));
    assertThat(token(m, authorizedSession("alice", Map.of("email", "a@x")))).isEqualTo(first);
    assertThat(token(m, authorizedSession("alice", Map.of("email", "other@x")))).isNotEqualTo(first);
    assertThat(token(m, authorizedSession("bob", Map.of("email", "a@x")))).isNotEqualTo(first);
    host.clock.advance(55_000);
    assertThat(token(m, authorizedSession("alice", Map.of("email", "a@x")))).isNotEqualTo(first);
  }

  @Test
  void rotationThePutsTheNewFirstKeyToWorkAfterTheFileIsReadAgain() throws Exception {
    Mutator m = idToken();
    assertThat(SignedJWT.parse(token(m, authorizedSession("alice", Map.of()))).getHeader().getKeyID())
        .isEqualTo("k1");
    ECKey k2 = Jwts.ec("k2");
    Files.writeString(keys, Jwts.privateSet(k2, k1)); // the new key first, the old one kept for verification
    host.clock.advance(31_000);
    token(m, authorizedSession("bob", Map.of())); // starts the background read of the stale file
    String rotated = null;
    for (int i = 0; i < 100 && rotated == null; i++) {
      String t = token(m, authorizedSession("user" + i, Map.of()));
      if (SignedJWT.parse(t).getHeader().getKeyID().equals("k2")) {
        rotated = t;
      } else {
        Thread.sleep(20);
      }
    }
    assertThat(rotated).as("signed with the new key").isNotNull();
    verifiedWithPublishedKeys(rotated);
    assertThat(host.host.publishedKeys().keys()).extracting(k -> k.get("kid")).containsExactly("k2", "k1");
  }

  @Test
  void aKeyFileWithoutAPrivateKeyRefusesTheRule() throws Exception {
    Files.writeString(keys, Jwts.publicSet(k1));
    assertThatThrownBy(this::idToken).isInstanceOf(ConfigException.class).hasMessageContaining("jwks_url");
    assertThatThrownBy(() -> new IdTokenMutator().create(config(Map.of("jwks_url", "file://" + keys)),
        host.context("id_token"))).hasMessageContaining("issuer_url");
  }
}
