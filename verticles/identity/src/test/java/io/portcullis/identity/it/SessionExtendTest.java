package io.portcullis.identity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.portcullis.identity.TestIdentity;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sh.ory.kratos.ApiClient;
import sh.ory.kratos.ApiException;
import sh.ory.kratos.api.FrontendApi;
import sh.ory.kratos.api.IdentityApi;
import sh.ory.kratos.model.CreateIdentityBody;
import sh.ory.kratos.model.IdentityWithCredentials;
import sh.ory.kratos.model.IdentityWithCredentialsPassword;
import sh.ory.kratos.model.IdentityWithCredentialsPasswordConfig;
import sh.ory.kratos.model.UpdateLoginFlowBody;
import sh.ory.kratos.model.UpdateLoginFlowWithPasswordMethod;

/**
 * {@code PATCH /admin/sessions/{id}/extend} with {@code session.earliest_possible_extend}: a session expiring within
 * the window gets a new lifespan, one expiring later is left as it is, an ended one answers 404; with
 * {@code feature_flags.faster_session_extend} the answer is 204.
 */
class SessionExtendTest {
  static final String PASSWORD = "correct horse battery 9";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static TestIdentity identity;

  @BeforeAll
  static void start() throws Exception {
    identity = new TestIdentity("""
        session:
          lifespan: 1h
          earliest_possible_extend: 10m
        """);
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  @Test
  void extendsOnlyWithinTheWindowAndNeverAnEndedSession() throws Exception {
    IdentityApi admin = new IdentityApi(new ApiClient().setBasePath(identity.adminUrl()));
    String due = login(identity, "due@example.com");
    String notDue = login(identity, "not-due@example.com");
    String revoked = login(identity, "revoked@example.com");
    String expired = login(identity, "expired@example.com");
    String blocked = login(identity, "blocked@example.com");
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    setExpiry(due, now.plusMinutes(5));
    setExpiry(expired, now.minusMinutes(1));
    admin.disableSession(revoked);
    identity.role.pool().preparedQuery("UPDATE identities SET state = 'inactive' WHERE id = (SELECT identity_id "
        + "FROM sessions WHERE id = $1)").execute(Tuple.of(UUID.fromString(blocked))).await();

    var before = admin.getSession(notDue, null);
    var unchanged = admin.extendSession(notDue);
    assertThat(unchanged.getExpiresAt()).isEqualTo(before.getExpiresAt());
    assertThat(storedExpiry(notDue)).isEqualTo(before.getExpiresAt().truncatedTo(ChronoUnit.MICROS));

    var extended = admin.extendSession(due);
    assertThat(extended.getActive()).isTrue();
    assertThat(extended.getExpiresAt()).isCloseTo(OffsetDateTime.now(ZoneOffset.UTC).plusHours(1),
        within(30, ChronoUnit.SECONDS));
    assertThat(storedExpiry(due)).isEqualTo(extended.getExpiresAt().truncatedTo(ChronoUnit.MICROS));

    for (String ended : new String[] {revoked, expired, blocked, UUID.randomUUID().toString()}) {
      HttpResponse<String> r = patchExtend(identity, ended);
      assertThat(r.statusCode()).as(ended).isEqualTo(404);
      assertThat(r.body()).contains("\"code\":404");
    }
    assertThat(storedExpiry(expired)).isBefore(OffsetDateTime.now(ZoneOffset.UTC));
    assertThat(patchExtend(identity, "not-a-uuid").statusCode()).isEqualTo(400);
  }

  @Test
  void fasterSessionExtendAnswersNoContent() throws Exception {
    try (TestIdentity fast = new TestIdentity("""
        feature_flags:
          faster_session_extend: true
        """)) {
      String id = login(fast, "fast@example.com");
      HttpResponse<String> r = patchExtend(fast, id);
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(r.body()).isEmpty();
    }
  }

  /** An identity with a password, logged in through the API flow; returns the session id. */
  static String login(TestIdentity on, String email) throws ApiException {
    new IdentityApi(new ApiClient().setBasePath(on.adminUrl())).createIdentity(new CreateIdentityBody()
        .schemaId("default").traits(Map.of("email", email)).credentials(new IdentityWithCredentials()
            .password(new IdentityWithCredentialsPassword().config(new IdentityWithCredentialsPasswordConfig()
                .password(PASSWORD)))));
    FrontendApi frontend = new FrontendApi(new ApiClient().setBasePath(on.publicUrl()));
    var flow = frontend.createNativeLoginFlow(null, null, null, null, null, null, null, null);
    return frontend.updateLoginFlow(flow.getId(), new UpdateLoginFlowBody(new UpdateLoginFlowWithPasswordMethod()
        .method("password").identifier(email).password(PASSWORD)), null, null).getSession().getId();
  }

  static void setExpiry(String sessionId, OffsetDateTime at) {
    identity.role.pool().preparedQuery("UPDATE sessions SET expires_at = $2 WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(sessionId), at)).await();
  }

  static OffsetDateTime storedExpiry(String sessionId) {
    return identity.role.pool().preparedQuery("SELECT expires_at FROM sessions WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(sessionId))).await().iterator().next().getOffsetDateTime(0)
        .withOffsetSameInstant(ZoneOffset.UTC);
  }

  static HttpResponse<String> patchExtend(TestIdentity on, String sessionId) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(on.adminUrl() + "/admin/sessions/" + sessionId + "/extend"))
        .method("PATCH", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
