package io.portcullis.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.config.OidcConfig;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The github provider against a loopback stand-in for github.com and its API (OAuth 2.0, scopes granted, /user and
 * /user/emails), and the token cipher's format and key rotation.
 */
class GitHubAndCipherTest {
  static final Vertx VERTX = Vertx.vertx();
  static HttpServer github;
  static volatile String granted = "read:user,user:email";

  @BeforeAll
  static void start() {
    Router r = Router.router(VERTX);
    r.route().handler(BodyHandler.create());
    r.post("/login/oauth/access_token").handler(ctx -> ctx.json(new JsonObject().put("access_token", "gho_1")
        .put("token_type", "bearer").put("scope", granted)));
    r.get("/user").handler(ctx -> {
      if (!"Bearer gho_1".equals(ctx.request().getHeader("Authorization"))) {
        ctx.response().setStatusCode(401).end();
        return;
      }
      ctx.json(new JsonObject().put("id", 42).put("login", "octocat").put("name", "The Octocat")
          .put("html_url", "https://github.com/octocat").put("updated_at", "2024-01-02T03:04:05Z"));
    });
    r.get("/user/emails").handler(ctx -> ctx.json(new JsonArray()
        .add(new JsonObject().put("email", "old@example.com").put("primary", false).put("verified", true))
        .add(new JsonObject().put("email", "octo@example.com").put("primary", true).put("verified", true))));
    github = VERTX.createHttpServer().requestHandler(r).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    VERTX.close().await();
  }

  static OidcProvider provider(List<String> scope) {
    String base = "http://127.0.0.1:" + github.actualPort();
    OidcConfig config = new OidcConfig(null, List.of(new OidcConfig.Provider("gh", "github", "GitHub", "cid", "sec",
        null, null, null, null, null, null, null, null, scope, "base64://e30=", null, null, null, null, null, null,
        null)));
    return new Providers(VERTX, config, Clock.systemUTC(), new Providers.Endpoints("", "", base, base)).get("gh");
  }

  @Test
  void gitHubIsOAuth2WithTheUserApi() {
    OidcProvider p = provider(List.of("user:email"));
    String url = p.authorizationUrl(new OidcProvider.Authorization("st", "http://x/cb", null, null, false, Map.of()))
        .await();
    assertThat(url).startsWith("http://127.0.0.1:" + github.actualPort() + "/login/oauth/authorize?client_id=cid")
        .contains("scope=user%3Aemail").contains("state=st").doesNotContain("nonce").doesNotContain("code_challenge");
    assertThat(p.sendsNonce()).isFalse();
    assertThat(p.usesPkce().await()).isFalse();
    Claims c = p.claims(p.exchange("code", null, "http://x/cb").await(), null).await();
    assertThat(c.subject()).isEqualTo("42");
    assertThat(c.toKratosJson()).isEqualTo(new JsonObject()
        .put("iss", "http://127.0.0.1:" + github.actualPort() + "/login/oauth/access_token").put("sub", "42")
        .put("name", "The Octocat").put("nickname", "octocat").put("profile", "https://github.com/octocat")
        .put("email", "octo@example.com").put("email_verified", true).put("updated_at", 1704164645L));
  }

  @Test
  void aScopeNotGrantedIsRefused() {
    granted = "read:user";
    try {
      OidcProvider p = provider(List.of("user:email"));
      assertThatThrownBy(() -> p.claims(p.exchange("code", null, "http://x/cb").await(), null).await())
          .isInstanceOf(KratosError.class).hasFieldOrPropertyWithValue("code", 400);
    } finally {
      granted = "read:user,user:email";
    }
  }

  @Test
  void theCipherSealsWithTheFirstSecretAndOpensWithAny() {
    TokenCipher old = new TokenCipher(List.of("an-older-secret-of-32-characters"));
    TokenCipher rotated = new TokenCipher(List.of("too short", "a-newer-secret-of-32-characters!",
        "an-older-secret-of-32-characters"));
    String sealed = old.encrypt("the token");
    assertThat(sealed).matches("[0-9a-f]+").hasSize(2 * (12 + "the token".length() + 16));
    assertThat(rotated.decryptOrEmpty(sealed)).isEqualTo("the token");
    assertThat(new TokenCipher(List.of("a-newer-secret-of-32-characters!")).decryptOrEmpty(sealed)).isEmpty();
    assertThat(old.encrypt("")).isEmpty();
    assertThat(new TokenCipher(List.of()).enabled()).isFalse();
  }
}
