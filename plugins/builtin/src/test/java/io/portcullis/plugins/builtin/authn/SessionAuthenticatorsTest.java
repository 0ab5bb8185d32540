package io.portcullis.plugins.builtin.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.HttpCaller;
import io.portcullis.spi.Outcome;
import io.portcullis.spi.PluginServices;
import io.portcullis.spi.SessionChecker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * cookie_session and bearer_token as Oathkeeper defines them: responsibility, the check request (path, query,
 * forwarded headers), subject and extra by GJSON path, and the outcome for each kind of answer.
 */
class SessionAuthenticatorsTest {
  final List<HttpCaller.Call> calls = new ArrayList<>();
  HttpCaller.Reply answer = new HttpCaller.Reply(200, Map.of(), """
      {"id":"s1","expires_at":"2030-01-02T03:04:05.5Z","identity":{"id":"i1","traits":{"email":"ada@example.com"}},
      "devices":[{"id":"d0"}]}"""
      .getBytes(StandardCharsets.UTF_8));

  final SessionChecker checker = call -> {
    calls.add(call);
    return CompletableFuture.completedFuture(answer);
  };

  @Test
  void cookieSessionAsksWhoamiWithTheCookieAndReadsSubjectAndExtra() throws Exception {
    var authn = new CookieSessionAuthenticator().create(config(Map.of("check_session_url",
        "http://kratos:4433/sessions/whoami", "preserve_path", true, "subject_from", "identity.id",
        "extra_from", "identity.traits")), context());
    AuthSession session = new AuthSession();
    Outcome o = authn.authenticate(request("/app/x", "a=1", Map.of("Cookie", "ory_kratos_session=t",
        "Authorization", "Basic x")), session).toCompletableFuture().get();
    assertThat(o.kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(session.subject()).isEqualTo("i1");
    assertThat(session.extra()).containsEntry("email", "ada@example.com");
    // What closes the request's WebSocket or stream when the session is revoked or expires.
    assertThat(session.sessionId()).isEqualTo("s1");
    assertThat(session.identityId()).isEqualTo("i1");
    assertThat(session.expiresAt()).isEqualTo(java.time.Instant.parse("2030-01-02T03:04:05.5Z"));
    HttpCaller.Call call = calls.get(0);
    assertThat(call.url()).isEqualTo("http://kratos:4433/sessions/whoami?a=1");
    assertThat(call.headers()).containsOnlyKeys("Cookie");
  }

  @Test
  void withoutPreservePathTheRequestPathReplacesTheCheckUrlsAsInOathkeeper() throws Exception {
    var authn = new CookieSessionAuthenticator().create(config(Map.of("check_session_url",
        "http://kratos:4433/sessions/whoami?x=1", "preserve_query", true)), context());
    authn.authenticate(request("/app/y", "q=2", Map.of("Cookie", "c=1")), new AuthSession())
        .toCompletableFuture().get();
    assertThat(calls.get(0).url()).isEqualTo("http://kratos:4433/app/y?x=1");
  }

  @Test
  void notResponsibleWithoutTheCookieItLooksFor() throws Exception {
    var authn = new CookieSessionAuthenticator().create(config(Map.of("check_session_url",
        "http://kratos/sessions/whoami", "only", List.of("ory_kratos_session"))), context());
    assertThat(authn.authenticate(request("/", null, Map.of("Cookie", "other=1")), new AuthSession())
        .toCompletableFuture().get().kind()).isEqualTo(Outcome.Kind.NOT_RESPONSIBLE);
    assertThat(calls).isEmpty();
  }

  @Test
  void anAnswerOtherThan200DeniesWith401AndAFailureWith403() throws Exception {
    var authn = new CookieSessionAuthenticator().create(config(Map.of("check_session_url",
        "http://kratos/sessions/whoami")), context());
    answer = new HttpCaller.Reply(401, Map.of(), new byte[0]);
    Outcome o = authn.authenticate(request("/", null, Map.of("Cookie", "c=1")), new AuthSession())
        .toCompletableFuture().get();
    assertThat(o.kind()).isEqualTo(Outcome.Kind.DENIED);
    assertThat(o.status()).isEqualTo(401);
    SessionChecker failing = call -> CompletableFuture.failedFuture(new java.net.ConnectException("refused"));
    var broken = new CookieSessionAuthenticator().create(config(Map.of("check_session_url",
        "http://kratos/sessions/whoami")), context(failing));
    assertThat(broken.authenticate(request("/", null, Map.of("Cookie", "c=1")), new AuthSession())
        .toCompletableFuture().get().status()).isEqualTo(403);
  }

  @Test
  void aSubjectThatIsNotAStringIsRefused() throws Exception {
    var authn = new CookieSessionAuthenticator().create(config(Map.of("check_session_url",
        "http://kratos/sessions/whoami", "subject_from", "devices")), context());
    Outcome o = authn.authenticate(request("/", null, Map.of("Cookie", "c=1")), new AuthSession())
        .toCompletableFuture().get();
    assertThat(o.status()).isEqualTo(403);
  }

  @Test
  void bearerTokenReadsTheBearerHeaderOrTheConfiguredPlaceAndHonoursThePrefix() throws Exception {
    var authn = new BearerTokenAuthenticator().create(config(Map.of("check_session_url",
        "http://kratos/sessions/whoami", "preserve_path", true, "subject_from", "identity.id", "prefix", "ory_st_")),
        context());
    assertThat(authn.authenticate(request("/", null, Map.of("Authorization", "Bearer ory_st_abc")),
        new AuthSession()).toCompletableFuture().get().kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(calls.get(0).headers()).containsEntry("Authorization", List.of("Bearer ory_st_abc"));
    assertThat(authn.authenticate(request("/", null, Map.of("Authorization", "Bearer other")),
        new AuthSession()).toCompletableFuture().get().kind()).isEqualTo(Outcome.Kind.NOT_RESPONSIBLE);
    var fromQuery = new BearerTokenAuthenticator().create(config(Map.of("check_session_url",
        "http://kratos/sessions/whoami", "token_from", Map.of("query_parameter", "token"))), context());
    assertThat(fromQuery.authenticate(request("/", "token=t1", Map.of()), new AuthSession())
        .toCompletableFuture().get().kind()).isEqualTo(Outcome.Kind.SUCCESS);
  }

  @Test
  void whatTheSessionCacheKeepsIsTheReadingAndRulesWithTheSamePathsShareIt() throws Exception {
    // A cache stand-in: keeps each reader's value by reader, hands it back without the body (as the node's does).
    Map<Object, Object> kept = new java.util.HashMap<>();
    List<Object> readers = new ArrayList<>();
    SessionChecker caching = new SessionChecker() {
      public java.util.concurrent.CompletionStage<HttpCaller.Reply> check(HttpCaller.Call call) {
        throw new UnsupportedOperationException("the authenticators use the reader");
      }

      public <T> java.util.concurrent.CompletionStage<Checked<T>> check(HttpCaller.Call call, Reader<T> reader) {
        readers.add(reader);
        @SuppressWarnings("unchecked")
        T value = (T) kept.computeIfAbsent(reader, r -> reader.read(answer.body()));
        return CompletableFuture.completedFuture(new Checked<>(200, value));
      }
    };
    Map<String, Object> settings = Map.of("check_session_url", "http://kratos/sessions/whoami", "subject_from",
        "identity.id", "extra_from", "identity.traits");
    var rule1 = new CookieSessionAuthenticator().create(config(settings), context(caching));
    var rule2 = new CookieSessionAuthenticator().create(config(settings), context(caching));
    var other = new CookieSessionAuthenticator().create(config(Map.of("check_session_url",
        "http://kratos/sessions/whoami", "subject_from", "identity.traits.email")), context(caching));
    List<AuthSession> sessions = new ArrayList<>();
    for (var authn : List.of(rule1, rule2, other)) {
      AuthSession session = new AuthSession();
      authn.authenticate(request("/", null, Map.of("Cookie", "c=1")), session).toCompletableFuture().get();
      sessions.add(session);
    }
    assertThat(readers.get(0)).isEqualTo(readers.get(1)).isNotEqualTo(readers.get(2));
    assertThat(kept).hasSize(2);
    assertThat(sessions.get(1).subject()).isEqualTo("i1");
    assertThat(sessions.get(1).extra()).containsEntry("email", "ada@example.com");
    assertThat(sessions.get(1).sessionId()).isEqualTo("s1");
    assertThat(sessions.get(2).subject()).isEqualTo("ada@example.com");
  }

  @Test
  void theExtraKeptForASessionIsReadOnlyAllTheWayDownAndInTheAnswersOrder() throws Exception {
    answer = new HttpCaller.Reply(200, Map.of(), """
        {"id":"s1","identity":{"id":"i1","traits":{"zeta":1,"name":{"last":"Lovelace","first":"Ada"},"alpha":[{"x":
        "y"}],"none":null}}}""".getBytes(StandardCharsets.UTF_8));
    var authn = new CookieSessionAuthenticator().create(config(Map.of("check_session_url",
        "http://kratos/sessions/whoami", "extra_from", "identity.traits")), context());
    AuthSession session = new AuthSession();
    authn.authenticate(request("/", null, Map.of("Cookie", "c=1")), session).toCompletableFuture().get();
    assertThat(session.extra().keySet()).containsExactly("zeta", "name", "alpha", "none");
    assertThat(session.extra()).containsEntry("none", null).containsEntry("zeta", 1);
    @SuppressWarnings("unchecked")
    Map<String, Object> name = (Map<String, Object>) session.extra().get("name");
    assertThat(name).containsExactly(Map.entry("last", "Lovelace"), Map.entry("first", "Ada"));
    assertThat(name).isEqualTo(Map.of("first", "Ada", "last", "Lovelace"));
    assertThatThrownBy(() -> name.put("last", "Byron")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> name.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) session.extra().get("alpha")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void badConfigurationNamesTheField() {
    assertThatThrownBy(() -> new CookieSessionAuthenticator().create(config(Map.of("check_session_url", "nope")),
        context())).isInstanceOf(ConfigException.class).hasMessageContaining("check_session_url");
    assertThatThrownBy(() -> new BearerTokenAuthenticator().create(config(Map.of("check_session_url",
        "http://k/w", "token_from", Map.of("header", "a", "cookie", "b"))), context()))
        .hasMessageContaining("token_from");
  }

  @Test
  void gjsonPaths() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
        {"a":{"b.c":1,"list":[{"x":"y"}]}}""");
    assertThat(GjsonPath.parse("a.b\\.c").get(json).asInt()).isEqualTo(1);
    assertThat(GjsonPath.parse("a.list.0.x").get(json).asText()).isEqualTo("y");
    assertThat(GjsonPath.parse("@this").get(json)).isSameAs(json);
    assertThat(GjsonPath.parse("a.missing.x").get(json)).isNull();
  }

  static HandlerConfig config(Map<String, Object> values) {
    return new HandlerConfig(values);
  }

  HandlerContext context() {
    return context(checker);
  }

  static HandlerContext context(SessionChecker sessions) {
    PluginServices services = new PluginServices() {
      public java.time.Clock clock() {
        return java.time.Clock.systemUTC();
      }

      public io.portcullis.spi.HttpCaller http() {
        throw new UnsupportedOperationException();
      }

      public <V> io.portcullis.spi.LocalCache<V> cache(String name, int maxEntries, java.time.Duration ttl) {
        throw new UnsupportedOperationException();
      }

      public SessionChecker sessions() {
        return sessions;
      }

      public io.portcullis.spi.PluginCounter counter(String name, String... tags) {
        return () -> { };
      }
    };
    return new HandlerContext() {
      public String ruleId() {
        return "r";
      }

      public io.portcullis.spi.RequestTemplate template(String field, String source) {
        throw new UnsupportedOperationException();
      }

      public PluginServices services() {
        return services;
      }
    };
  }

  static AccessRequest request(String path, String query, Map<String, String> headers) {
    return io.portcullis.plugins.builtin.support.TestHost.request(path, query, headers, List.of());
  }
}
