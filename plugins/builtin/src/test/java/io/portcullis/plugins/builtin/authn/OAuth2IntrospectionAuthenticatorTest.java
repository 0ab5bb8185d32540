package io.portcullis.plugins.builtin.authn;

import static io.portcullis.plugins.builtin.support.TestHost.await;
import static io.portcullis.plugins.builtin.support.TestHost.config;
import static io.portcullis.plugins.builtin.support.TestHost.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.plugins.builtin.support.LoopbackServer;
import io.portcullis.plugins.builtin.support.LoopbackServer.Answer;
import io.portcullis.plugins.builtin.support.TestHost;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.Authenticator;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.Outcome;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * oauth2_introspection against an RFC 7662 server on loopback, including the two Oathkeeper advisories about its
 * cache: GHSA-qvp4-rpmr-xwrr (a cached token skipped the claim checks) and GHSA-4mq7-pvjg-xp2r (a cached answer was
 * shared across rules with different scopes).
 */
class OAuth2IntrospectionAuthenticatorTest {
  TestHost host;
  LoopbackServer introspection;
  long exp;

  @BeforeEach
  void start() {
    host = new TestHost();
    exp = host.clock.millis() / 1000 + 3600;
    // The token "good" is active with scope "read"; with a scope parameter the server checks it, as Hydra does.
    introspection = new LoopbackServer(host.vertx, r -> {
      Map<String, String> form = form(r.body());
      boolean active = form.get("token").equals("good") && (form.get("scope") == null
          || List.of("", "read").contains(form.get("scope")));
      return Answer.json(200, new JsonObject().put("active", active).put("sub", "alice").put("scope", "read")
          .put("aud", List.of("api")).put("iss", "https://issuer.example").put("client_id", "app")
          .put("exp", exp).put("ext", new JsonObject().put("tenant", "t1")).encode());
    });
  }

  @AfterEach
  void stop() {
    host.close();
  }

  static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return out;
  }

  Authenticator rule(Map<String, Object> extra) throws ConfigException {
    // A generous budget: a cold JVM on a loaded machine can take longer than the default second.
    Map<String, Object> c = new HashMap<>(Map.of("introspection_url", introspection.url("/oauth2/introspect"),
        "retry", Map.of("give_up_after", "10s", "max_delay", "50ms")));
    c.putAll(extra);
    return new OAuth2IntrospectionAuthenticator().create(config(c), host.context("oauth2_introspection"));
  }

  Outcome run(Authenticator a, String token) throws Exception {
    return run(a, token, new AuthSession());
  }

  Outcome run(Authenticator a, String token, AuthSession session) throws Exception {
    return await(a.authenticate(request(null, Map.of("Authorization", "Bearer " + token)), session));
  }

  @Test
  void anActiveTokenYieldsSubjectAndExtra() throws Exception {
    Authenticator a = rule(Map.of("scope_strategy", "exact", "required_scope", List.of("read"), "target_audience",
        List.of("api"), "trusted_issuers", List.of("https://issuer.example"),
        "introspection_request_headers", Map.of("X-Tenant", "t1")));
    AuthSession session = new AuthSession();
    assertThat(run(a, "good", session).kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(session.subject()).isEqualTo("alice");
    assertThat(session.extra()).containsEntry("tenant", "t1").containsEntry("client_id", "app")
        .containsEntry("scope", "read").containsEntry("aud", List.of("api"));
    LoopbackServer.Received sent = introspection.received.get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.headers().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(sent.headers().get("X-Tenant")).isEqualTo("t1");
    assertThat(form(sent.body())).containsOnlyKeys("token").containsEntry("token", "good");
  }

  @Test
  void refusals() throws Exception {
    assertThat(run(rule(Map.of()), "bad").status()).isEqualTo(401);
    assertThat(run(rule(Map.of("target_audience", List.of("other"))), "good").status()).isEqualTo(403);
    assertThat(run(rule(Map.of("trusted_issuers", List.of("https://else"))), "good").status()).isEqualTo(403);
    assertThat(run(rule(Map.of("scope_strategy", "hierarchic", "required_scope", List.of("write"))), "good")
        .status()).isEqualTo(403);
    assertThat(await(rule(Map.of("prefix", "ory_at_")).authenticate(request(null,
        Map.of("Authorization", "Bearer good")), new AuthSession())).kind()).isEqualTo(Outcome.Kind.NOT_RESPONSIBLE);
    introspection.respond(r -> Answer.json(500, "{}"));
    assertThat(run(rule(Map.of()), "good").kind())
        .isEqualTo(Outcome.Kind.ERROR);
  }

  @Test
  void withScopeStrategyNoneTheScopesAreSentForTheServerToCheck() throws Exception {
    Authenticator a = rule(Map.of("required_scope", List.of("read")));
    assertThat(run(a, "good").kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(form(introspection.received.get(0).body())).containsEntry("scope", "read");
  }

  /** GHSA-qvp4-rpmr-xwrr: an answer from the cache is checked against the rule like a fresh one. */
  @Test
  void aCachedTokenIsStillCheckedAgainstEachRulesScopesAudienceIssuerAndExpiry() throws Exception {
    Map<String, Object> cache = Map.of("enabled", true);
    Authenticator open = rule(Map.of("cache", cache));
    Authenticator admin = rule(Map.of("cache", cache, "scope_strategy", "exact", "required_scope", List.of("admin")));
    Authenticator otherAudience = rule(Map.of("cache", cache, "target_audience", List.of("billing")));
    assertThat(run(open, "good").kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(run(open, "good").kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(introspection.received).as("the second request is answered from the cache").hasSize(1);
    assertThat(run(admin, "good").status()).as("scope admin was never granted").isEqualTo(403);
    assertThat(run(otherAudience, "good").status()).isEqualTo(403);
    host.clock.advance(3_601_000);
    assertThat(run(open, "good").status()).as("expired, though it was cached").isEqualTo(401);
  }

  /** GHSA-4mq7-pvjg-xp2r: with scopes checked by the server, one rule's answer never serves another rule's scopes. */
  @Test
  void theCacheIsNotSharedAcrossRulesWithDifferentScopesOrIntrospectionUrls() throws Exception {
    Map<String, Object> cache = Map.of("enabled", true, "ttl", "1h");
    Authenticator read = rule(Map.of("cache", cache, "required_scope", List.of("read")));
    Authenticator admin = rule(Map.of("cache", cache, "required_scope", List.of("admin")));
    assertThat(run(read, "good").kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(run(read, "good").kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(introspection.received).hasSize(1);
    assertThat(run(admin, "good").status()).as("the server was asked about admin, and said no").isEqualTo(401);
    assertThat(introspection.received).hasSize(2);
    assertThat(form(introspection.received.get(1).body())).containsEntry("scope", "admin");

    LoopbackServer other = new LoopbackServer(host.vertx, r -> Answer.json(200, "{\"active\":false}"));
    Authenticator elsewhere = new OAuth2IntrospectionAuthenticator().create(config(Map.of("introspection_url",
        other.url("/introspect"), "cache", cache, "required_scope", List.of("read"),
        "retry", Map.of("give_up_after", "10s"))),
        host.context("oauth2_introspection"));
    assertThat(run(elsewhere, "good").status()).as("another introspection server, another answer").isEqualTo(401);
  }

  @Test
  void preAuthorizationFetchesOneTokenAndReusesIt() throws Exception {
    AtomicInteger grants = new AtomicInteger();
    LoopbackServer tokens = new LoopbackServer(host.vertx, r -> {
      grants.incrementAndGet();
      return Answer.json(200, "{\"access_token\":\"svc-token\",\"token_type\":\"bearer\",\"expires_in\":3600}");
    });
    introspection.respond(r -> "Bearer svc-token".equals(r.headers().get("Authorization"))
        ? Answer.json(200, "{\"active\":true,\"sub\":\"alice\"}") : Answer.json(401, "{}"));
    Authenticator a = rule(Map.of("pre_authorization", Map.of("enabled", true, "client_id", "oathkeeper",
        "client_secret", "s3cret", "token_url", tokens.url("/oauth2/token"), "scope", List.of("introspect"),
        "audience", "hydra")));
    assertThat(run(a, "t1").kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(run(a, "t2").kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(grants).hasValue(1);
    LoopbackServer.Received grant = tokens.received.get(0);
    assertThat(form(grant.body())).containsEntry("grant_type", "client_credentials")
        .containsEntry("scope", "introspect").containsEntry("audience", "hydra");
    assertThat(grant.headers().get("Authorization")).isEqualTo("Basic "
        + java.util.Base64.getEncoder().encodeToString("oathkeeper:s3cret".getBytes(StandardCharsets.UTF_8)));
  }
}
