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
import io.portcullis.spi.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** oauth2_client_credentials against an OAuth 2.0 token endpoint on loopback. */
class OAuth2ClientCredentialsAuthenticatorTest {
  TestHost host;
  LoopbackServer tokens;

  @BeforeEach
  void start() {
    host = new TestHost();
    String good = "Basic " + basic("my+app", "s3cret"); // Go escapes the id as a query value
    tokens = new LoopbackServer(host.vertx, r -> good.equals(r.headers().get("Authorization"))
        ? Answer.json(200, "{\"access_token\":\"at\",\"token_type\":\"bearer\",\"expires_in\":60}")
        : Answer.json(401, "{\"error\":\"invalid_client\"}"));
  }

  @AfterEach
  void stop() {
    host.close();
  }

  static String basic(String user, String password) {
    return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  Authenticator rule(Map<String, Object> extra) throws Exception {
    // A generous budget: a cold JVM on a loaded machine can take longer than the default second.
    Map<String, Object> c = new HashMap<>(Map.of("token_url", tokens.url("/oauth2/token"), "required_scope",
        List.of("a", "b"), "retry", Map.of("give_up_after", "10s", "max_delay", "50ms")));
    c.putAll(extra);
    return new OAuth2ClientCredentialsAuthenticator().create(config(c), host.context("oauth2_client_credentials"));
  }

  Outcome run(Authenticator a, String user, String password, AuthSession session) throws Exception {
    return await(a.authenticate(request(null, Map.of("Authorization", "Basic " + basic(user, password))), session));
  }

  @Test
  void theClientIsWhoTheTokenEndpointSaysAndIssuedTokensAreCached() throws Exception {
    Authenticator a = rule(Map.of("cache", Map.of("enabled", true)));
    AuthSession session = new AuthSession();
    Outcome first = run(a, "my+app", "s3cret", session);
    assertThat(first.kind()).as(first + " " + tokens.received).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(session.subject()).isEqualTo("my app");
    assertThat(tokens.received.get(0).body()).isEqualTo("grant_type=client_credentials&scope=a+b");
    assertThat(run(a, "my+app", "s3cret", new AuthSession()).kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(tokens.received).as("the second request is served from the cache").hasSize(1);
    assertThat(run(a, "my+app", "wrong", new AuthSession()).status()).isEqualTo(401);
    host.clock.advance(61_000);
    assertThat(run(a, "my+app", "s3cret", new AuthSession()).kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(tokens.received).as("the token expired: asked again").hasSize(3);
  }

  @Test
  void withoutBasicCredentialsItIsNotResponsibleAndAnUnavailableEndpointIsAnError() throws Exception {
    Authenticator a = rule(Map.of("retry", Map.of("give_up_after", "3s", "max_delay", "50ms")));
    assertThat(await(a.authenticate(request(null, Map.of("Authorization", "Bearer x")), new AuthSession())).kind())
        .isEqualTo(Outcome.Kind.NOT_RESPONSIBLE);
    tokens.respond(r -> Answer.json(503, "{}"));
    assertThat(run(a, "my+app", "s3cret", new AuthSession()).kind()).isEqualTo(Outcome.Kind.ERROR);
    assertThat(tokens.received.size()).as("503 is tried again within the budget").isGreaterThan(1);
  }
}
