package io.portcullis.plugins.builtin.authz;

import static io.portcullis.plugins.builtin.support.TestHost.authorizedSession;
import static io.portcullis.plugins.builtin.support.TestHost.await;
import static io.portcullis.plugins.builtin.support.TestHost.config;
import static io.portcullis.plugins.builtin.support.TestHost.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.plugins.builtin.support.LoopbackServer;
import io.portcullis.plugins.builtin.support.LoopbackServer.Answer;
import io.portcullis.plugins.builtin.support.TestHost;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.Authorizer;
import io.portcullis.spi.Outcome;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** remote and remote_json against a Keto-style check endpoint on loopback. */
class RemoteAuthorizersTest {
  TestHost host;
  LoopbackServer keto;

  @BeforeEach
  void start() {
    host = new TestHost();
    // Keto's /relation-tuples/check: 200 {"allowed":true} or 403 {"allowed":false}.
    keto = new LoopbackServer(host.vertx, r -> {
      JsonObject tuple = new JsonObject(r.body());
      boolean allowed = "alice".equals(tuple.getString("subject_id")) && "docs".equals(tuple.getString("object"));
      return Answer.json(allowed ? 200 : 403, new JsonObject().put("allowed", allowed).encode())
          .withHeader("X-Relation", "owner");
    });
  }

  @AfterEach
  void stop() {
    host.close();
  }

  Authorizer remoteJson(Map<String, Object> extra) throws Exception {
    Map<String, Object> c = new HashMap<>(Map.of("remote", keto.url("/relation-tuples/check"),
        "payload", "{\"namespace\":\"files\",\"object\":\"{{ printIndex .MatchContext.RegexpCaptureGroups 0 }}\","
            + "\"relation\":\"view\",\"subject_id\":\"{{ print .Subject }}\"}",
        "headers", Map.of("X-Subject", "{{ print .Subject }}", "X-Empty", "{{ .Extra.missing }}"),
        "forward_response_headers_to_upstream", List.of("X-Relation", "X-Absent"),
        "retry", Map.of("give_up_after", "3s", "max_delay", "50ms")));
    c.putAll(extra);
    return new RemoteJsonAuthorizer().create(config(c), host.context("remote_json"));
  }

  Outcome run(Authorizer a, String subject, String object, AuthSession session) throws Exception {
    return await(a.authorize(request("/files/" + object, null, Map.of("Authorization", "Bearer t"),
        List.of(object)), session));
  }

  @Test
  void remoteJsonPostsTheRenderedPayloadAndForwardsTheAllowedResponseHeaders() throws Exception {
    Authorizer a = remoteJson(Map.of());
    AuthSession session = authorizedSession("alice", Map.of());
    assertThat(run(a, "alice", "docs", session).kind()).isEqualTo(Outcome.Kind.SUCCESS);
    LoopbackServer.Received sent = keto.received.get(0);
    assertThat(new JsonObject(sent.body()).getMap()).containsEntry("object", "docs").containsEntry("subject_id",
        "alice");
    assertThat(sent.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(sent.headers().get("Authorization")).isEqualTo("Bearer t");
    assertThat(sent.headers().get("X-Subject")).isEqualTo("alice");
    assertThat(sent.headers().contains("X-Empty")).as("empty headers are left out").isFalse();
    assertThat(session.headers()).containsEntry("X-Relation", "owner").containsEntry("X-Absent", "");
    assertThat(run(a, "alice", "secrets", authorizedSession("alice", Map.of())).status()).isEqualTo(403);
  }

  @Test
  void aPayloadThatIsNotJsonIsAnError() throws Exception {
    Authorizer a = remoteJson(Map.of());
    assertThat(run(a, "x", "docs", authorizedSession("al\"ice", Map.of())).kind()).isEqualTo(Outcome.Kind.ERROR);
    assertThat(keto.received).isEmpty();
  }

  @Test
  void aHungRemoteNeverHoldsTheRequestPastGiveUpAfter() throws Exception {
    keto.respond(r -> Answer.hang());
    Authorizer a = remoteJson(Map.of("retry", Map.of("give_up_after", "400ms", "max_delay", "50ms")));
    long start = System.nanoTime();
    Outcome o = run(a, "alice", "docs", authorizedSession("alice", Map.of()));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(o.kind()).isEqualTo(Outcome.Kind.ERROR);
    assertThat(tookMillis).isBetween(350L, 1_500L);
  }

  @Test
  void aFailingRemoteIsTriedAgainWithinTheBudget() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    keto.respond(r -> calls.incrementAndGet() < 3 ? Answer.json(502, "{}") : Answer.json(200, "{}"));
    assertThat(run(remoteJson(Map.of()), "alice", "docs", authorizedSession("alice", Map.of())).kind())
        .isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(calls).hasValue(3);
  }

  @Test
  void remotePostsWithTheClientsContentTypeAndAuthorization() throws Exception {
    keto.respond(r -> Answer.json(r.headers().get("X-Subject").equals("alice") ? 200 : 403, ""));
    Authorizer a = new RemoteAuthorizer().create(config(Map.of("remote", keto.url("/authorize"), "headers",
        Map.of("X-Subject", "{{ print .Subject }}"))), host.context("remote"));
    assertThat(await(a.authorize(request(null, Map.of("Content-Type", "text/plain")),
        authorizedSession("alice", Map.of()))).kind()).isEqualTo(Outcome.Kind.SUCCESS);
    assertThat(keto.received.get(0).headers().get("Content-Type")).isEqualTo("text/plain");
    assertThat(await(a.authorize(request(null, Map.of()), authorizedSession("bob", Map.of()))).status())
        .isEqualTo(403);
  }
}
