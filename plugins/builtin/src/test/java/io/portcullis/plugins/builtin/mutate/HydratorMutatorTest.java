package io.portcullis.plugins.builtin.mutate;

import static io.portcullis.plugins.builtin.support.TestHost.authorizedSession;
import static io.portcullis.plugins.builtin.support.TestHost.await;
import static io.portcullis.plugins.builtin.support.TestHost.config;
import static io.portcullis.plugins.builtin.support.TestHost.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.plugins.builtin.support.LoopbackServer;
import io.portcullis.plugins.builtin.support.LoopbackServer.Answer;
import io.portcullis.plugins.builtin.support.TestHost;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.Mutator;
import io.portcullis.spi.Outcome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** hydrator against an API on loopback that adds to the session. */
class HydratorMutatorTest {
  TestHost host;
  LoopbackServer api;

  @BeforeEach
  void start() {
    host = new TestHost();
    api = new LoopbackServer(host.vertx, r -> {
      JsonObject session = new JsonObject(r.body());
      JsonObject extra = session.getJsonObject("extra") == null ? new JsonObject() : session.getJsonObject("extra");
      session.put("extra", extra.put("plan", "gold")); // Oathkeeper sends "extra": null for a session without
      session.put("header", new JsonObject().put("X-Plan", new JsonArray().add("gold")));
      return Answer.json(200, session.encode());
    });
  }

  @AfterEach
  void stop() {
    host.close();
  }

  Mutator hydrator(Map<String, Object> cache) throws Exception {
    return new HydratorMutator().create(config(Map.of("api", Map.of("url", api.url("/hydrate?dropped=1"), "auth",
        Map.of("basic", Map.of("username", "u", "password", "p")), "retry", Map.of("give_up_after", "5s")), "cache", cache)), host.context("hydrator"));
  }

  @Test
  void theApisExtraReplacesTheSessionsAndItsHeadersReachTheUpstream() throws Exception {
    AuthSession session = authorizedSession("alice", Map.of("email", "a@x"));
    Outcome o = await(hydrator(Map.of()).mutate(request("/a", "b=2&a=1", Map.of("X-Trace", "t1"),
        List.of("c0")), session));
    assertThat(o.kind()).as(String.valueOf(o)).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(session.extra()).containsEntry("email", "a@x").containsEntry("plan", "gold");
    assertThat(session.headers()).containsEntry("X-Plan", "gold");
    LoopbackServer.Received sent = api.received.get(0);
    assertThat(sent.uri()).isEqualTo("/hydrate?a=1&b=2");
    assertThat(sent.headers().get("Authorization")).isEqualTo("Basic dTpw");
    assertThat(sent.headers().get("X-Trace")).isEqualTo("t1");
    JsonObject body = new JsonObject(sent.body());
    assertThat(body.getString("subject")).isEqualTo("alice");
    assertThat(body.getJsonObject("match_context").getJsonArray("regexp_capture_groups").getList())
        .containsExactly("c0");
    assertThat(body.getJsonObject("match_context").getJsonObject("url").getString("Path")).isEqualTo("/a");
  }

  @Test
  void anAnswerForAnotherSubjectIsAnErrorAndAnswersAreCached() throws Exception {
    Mutator cached = hydrator(Map.of("enabled", true, "ttl", "1m"));
    await(cached.mutate(request(null, Map.of()), authorizedSession("alice", Map.of())));
    AuthSession again = authorizedSession("alice", Map.of());
    assertThat(await(cached.mutate(request(null, Map.of()), again)).kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(again.extra()).containsEntry("plan", "gold");
    assertThat(api.received).hasSize(1);
    api.respond(r -> Answer.json(200, "{\"subject\":\"mallory\",\"extra\":{}}"));
    assertThat(await(hydrator(Map.of()).mutate(request(null, Map.of()), authorizedSession("alice", Map.of())))
        .kind()).isEqualTo(Outcome.Kind.ERROR);
  }

  @Test
  void extraCannotBeReplacedBeforeAuthorizationIsOver() {
    AuthSession authenticating = new AuthSession();
    assertThatThrownBy(() -> authenticating.replaceExtra(Map.of())).isInstanceOf(IllegalStateException.class);
  }
}
