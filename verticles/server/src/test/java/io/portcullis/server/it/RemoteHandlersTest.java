package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handlers that call out, end to end through the proxy: a JWKS endpoint, an RFC 7662 introspection server, an
 * OAuth 2.0 token endpoint, a Keto-style check, a hydrator API and a hung remote, all small Vert.x servers on
 * loopback; the id_token the upstream receives is verified with the keys the API port serves.
 */
class RemoteHandlersTest {
  static final Vertx REMOTES = Vertx.vertx();
  static EchoUpstream upstream;
  static TestNode node;
  static RSAKey issuerKey;
  static int remotesPort;

  static final String CONFIG = """
      access_rules:
        repositories: [file://rules.yml]
      authenticators:
        anonymous: {enabled: true}
        jwt:
          enabled: true
          config: {jwks_urls: ["%REMOTES%/jwks"], jwks_max_wait: 10s}
        oauth2_introspection:
          enabled: true
          config: {introspection_url: "%REMOTES%/introspect", retry: {give_up_after: 10s}}
        oauth2_client_credentials:
          enabled: true
          config: {token_url: "%REMOTES%/token", retry: {give_up_after: 10s}}
      authorizers:
        allow: {enabled: true}
        remote: {enabled: true}
        remote_json:
          enabled: true
          config: {remote: "%REMOTES%/relation-tuples/check", retry: {give_up_after: 10s},
                   payload: '{"namespace":"apps","object":"reports","relation":"view","subject_id":"{{ print .Subject }}"}'}
      mutators:
        header: {enabled: true}
        id_token:
          enabled: true
          config: {issuer_url: "https://portcullis.test", jwks_url: "file://%KEYS%"}
        hydrator:
          enabled: true
          config: {api: {url: "%REMOTES%/hydrate", retry: {give_up_after: 10s}}}
      """;

  static final String RULES = """
      - id: jwt
        match: {url: "http://<[^/]+>/jwt", methods: [GET]}
        authenticators: [{handler: jwt, config: {scope_strategy: wildcard, required_scope: [reports.read]}}]
        authorizer: {handler: remote_json}
        mutators: [{handler: id_token, config: {claims: '{"aud": ["reports"]}'}}]
        upstream: {url: "%UPSTREAM%"}
      - id: introspected
        match: {url: "http://<[^/]+>/introspected", methods: [GET]}
        authenticators: [{handler: oauth2_introspection}]
        authorizer: {handler: allow}
        mutators:
          - handler: hydrator
          - handler: header
            config: {headers: {X-Plan: "{{ .Extra.plan }}", X-User: "{{ print .Subject }}"}}
        upstream: {url: "%UPSTREAM%"}
      - id: client
        match: {url: "http://<[^/]+>/client", methods: [GET]}
        authenticators: [{handler: oauth2_client_credentials}]
        authorizer: {handler: remote, config: {remote: "%REMOTES%/authorize", headers: {X-Subject: "{{ print .Subject }}"}}}
        mutators: [{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}]
        upstream: {url: "%UPSTREAM%"}
      - id: hung
        match: {url: "http://<[^/]+>/hung", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: remote_json, config: {remote: "%REMOTES%/hang", retry: {give_up_after: 500ms}}}
        mutators: [{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}]
        upstream: {url: "%UPSTREAM%"}
      """;

  @BeforeAll
  static void start() throws Exception {
    issuerKey = new RSAKeyGenerator(2048).keyID("issuer-1").keyUse(KeyUse.SIGNATURE).generate();
    HttpServer remotes = REMOTES.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      var response = req.response().putHeader("Content-Type", "application/json");
      switch (req.path()) {
        case "/jwks" -> response.end(new JWKSet(issuerKey).toPublicJWKSet().toString());
        case "/introspect" -> response.end(new JsonObject().put("active", body.toString().contains("token=opaque-1"))
            .put("sub", "ida").put("scope", "reports").encode());
        case "/token" -> {
          String good = "Basic " + Base64.getEncoder().encodeToString("svc:secret".getBytes(StandardCharsets.UTF_8));
          boolean ok = good.equals(req.getHeader("Authorization"));
          response.setStatusCode(ok ? 200 : 401).end(ok ? "{\"access_token\":\"at\",\"expires_in\":60}"
              : "{\"error\":\"invalid_client\"}");
        }
        case "/relation-tuples/check" -> {
          boolean allowed = "alice".equals(body.toJsonObject().getString("subject_id"));
          response.setStatusCode(allowed ? 200 : 403).end(new JsonObject().put("allowed", allowed).encode());
        }
        case "/authorize" -> response.setStatusCode("svc".equals(req.getHeader("X-Subject")) ? 200 : 403).end();
        case "/hydrate" -> {
          JsonObject session = body.toJsonObject();
          response.end(session.put("extra", new JsonObject().put("plan", "gold")).encode());
        }
        default -> { } // /hang: never answers
      }
    })).listen(0, "127.0.0.1").await();
    remotesPort = remotes.actualPort();
    upstream = new EchoUpstream();
    Path keys = Files.createTempFile("id-token", ".json");
    Files.writeString(keys, new JWKSet(new RSAKeyGenerator(2048).keyID("edge-1").generate()).toString(false));
    String remotesUrl = "http://127.0.0.1:" + remotesPort;
    node = new TestNode(CONFIG.replace("%REMOTES%", remotesUrl).replace("%KEYS%", keys.toString()),
        RULES.replace("%REMOTES%", remotesUrl), "http://127.0.0.1:" + upstream.port());
    Http.awaitRule(node.apiPort, "hung", "hang");
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
    REMOTES.close().await();
  }

  @BeforeEach
  void clear() {
    upstream.clear();
  }

  static String jwt(String subject, String scope) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).claim("scp", List.of(scope))
        .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("issuer-1").build(), claims);
    jwt.sign(new RSASSASigner(issuerKey));
    return jwt.serialize();
  }

  @Test
  void jwtThenKetoThenAnIdTokenTheUpstreamCanVerifyWithTheServedKeys() throws Exception {
    Http.Response r = Http.get(node.proxyPort, "/jwt", "Authorization", "Bearer " + jwt("alice", "reports.read"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String authorization = upstream.take().headers().get("Authorization");
    assertThat(authorization).as("the client's token was replaced").startsWith("Bearer ")
        .isNotEqualTo("Bearer " + jwt("alice", "reports.read"));
    SignedJWT idToken = SignedJWT.parse(authorization.substring(7));
    Http.Response keys = Http.get(node.apiPort, "/.well-known/jwks.json");
    assertThat(keys.status()).isEqualTo(200);
    JWKSet served = JWKSet.parse(keys.body());
    assertThat(served.getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
    RSAKey key = (RSAKey) served.getKeyByKeyId(idToken.getHeader().getKeyID());
    assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(idToken.getJWTClaimsSet().getSubject()).isEqualTo("alice");
    assertThat(idToken.getJWTClaimsSet().getIssuer()).isEqualTo("https://portcullis.test");
    assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly("reports");

    assertThat(Http.get(node.proxyPort, "/jwt", "Authorization", "Bearer " + jwt("bob", "reports.read")).status())
        .as("Keto says no").isEqualTo(403);
    assertThat(Http.get(node.proxyPort, "/jwt", "Authorization", "Bearer " + jwt("alice", "billing.read")).status())
        .as("missing scope").isEqualTo(401);
    assertThat(upstream.nothingReceived()).isTrue();
  }

  @Test
  void introspectionThenHydratorFeedTheHeaderMutator() throws Exception {
    Http.Response r = Http.get(node.proxyPort, "/introspected", "Authorization", "Bearer opaque-1");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    var got = upstream.take().headers();
    assertThat(got.get("X-Plan")).isEqualTo("gold");
    assertThat(got.get("X-User")).isEqualTo("ida");
    assertThat(Http.get(node.proxyPort, "/introspected", "Authorization", "Bearer revoked").status())
        .isEqualTo(401);
  }

  @Test
  void clientCredentialsThenTheRemoteAuthorizer() throws Exception {
    String basic = "Basic " + Base64.getEncoder().encodeToString("svc:secret".getBytes(StandardCharsets.UTF_8));
    Http.Response r = Http.get(node.proxyPort, "/client", "Authorization", basic);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(upstream.take().headers().get("X-User")).isEqualTo("svc");
    String wrong = "Basic " + Base64.getEncoder().encodeToString("svc:nope".getBytes(StandardCharsets.UTF_8));
    assertThat(Http.get(node.proxyPort, "/client", "Authorization", wrong).status()).isEqualTo(401);
  }

  @Test
  void aHungAuthorizerIsAnsweredWithinItsBudget() throws Exception {
    long start = System.nanoTime();
    Http.Response r = Http.get(node.proxyPort, "/hung");
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(r.status()).isEqualTo(500);
    assertThat(took).as("give_up_after is 500ms").isLessThan(3_000);
    assertThat(upstream.nothingReceived()).isTrue();
    assertThat(new JsonObject(r.body()).getJsonObject("error").getInteger("code")).isEqualTo(500);
    assertThat(new JsonArray(Http.get(node.apiPort, "/rules").body()).size()).isEqualTo(4);
  }
}
