package io.portcullis.identity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.portcullis.identity.TestIdentity;
import io.portcullis.identity.courier.RecordingCourier;
import io.portcullis.identity.password.PasswordService;
import io.portcullis.kafka.events.EventTypes;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.ory.kratos.ApiClient;
import sh.ory.kratos.ApiException;
import sh.ory.kratos.api.FrontendApi;
import sh.ory.kratos.model.UpdateLoginFlowBody;
import sh.ory.kratos.model.UpdateLoginFlowWithPasswordMethod;

/**
 * {@code portcullis.identity.rate_limits} end to end: PostgreSQL, the official Kratos client, the outbox. Waits are an
 * hour, so no assertion depends on how fast the machine is. Each test has its own identity role (all clients are
 * 127.0.0.1, and the per-address counts would otherwise carry over).
 */
class RateLimitsTest {
  static final String PASSWORD = "correct horse battery 9";
  static final String LIMITS = """
      secrets: {default: ["a rate limits test secret of 32 ch"]}
      selfservice:
        flows:
          recovery: {enabled: true}
          verification: {enabled: true}
        methods:
          totp: {enabled: true}
      session:
        whoami: {required_aal: highest_available}
      rate_limits:
        back_off_base: 1h
        back_off_max: 1h
        lockout_duration: 24h
        identifier: {back_off_after: 3, lockout_after: %d}
        address: {back_off_after: %d}
      """;
  final RecordingCourier mail = new RecordingCourier();
  TestIdentity identity;

  @AfterEach
  void stop() {
    identity.close();
  }

  /** Identifiers wait after 3 attempts and lock out after {@code lockoutAfter}; addresses wait after {@code address}. */
  void start(int lockoutAfter, int address) throws Exception {
    identity = new TestIdentity(LIMITS.formatted(lockoutAfter, address), mail);
  }

  FrontendApi frontend() {
    return new FrontendApi(new ApiClient().setBasePath(identity.publicUrl()));
  }

  void login(String identifier, String password) throws ApiException {
    var flow = frontend().createNativeLoginFlow(null, null, null, null, null, null, null, null);
    frontend().updateLoginFlow(flow.getId(), new UpdateLoginFlowBody(new UpdateLoginFlowWithPasswordMethod()
        .method("password").identifier(identifier).password(password)), null, null);
  }

  /** The status of a login attempt: 200, 400 (wrong credentials) or 429. */
  int attempt(String identifier, String password) {
    try {
      login(identifier, password);
      return 200;
    } catch (ApiException e) {
      return e.getCode();
    }
  }

  ApiException refused(String identifier, String password) {
    ApiException e = catchThrowableOfType(() -> login(identifier, password), ApiException.class);
    assertThat(e).as("login of " + identifier + " must be refused").isNotNull();
    return e;
  }

  HttpResponse<String> admin(String method, String query) throws Exception {
    return new Browser().send(HttpRequest.newBuilder(URI.create(identity.adminUrl() + "/admin/portcullis/rate-limits"
        + query)).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  /** The outbox payloads of {@code type}, oldest first, each checked against its schema. */
  List<JsonObject> events(String type) {
    List<JsonObject> found = new ArrayList<>();
    for (Row r : identity.role.pool().preparedQuery("SELECT payload FROM outbox WHERE type = $1 ORDER BY seq")
        .execute(Tuple.of(type)).await()) {
      JsonObject payload = (JsonObject) r.getValue("payload");
      OutboxTest.assertValid(type, payload);
      found.add(payload);
    }
    return found;
  }

  @Test
  void passwordAttemptsAgainstOneIdentifierGet429InKratosShapeWithoutHashing() throws Exception {
    start(0, 50);
    RecoveryFlowsTest.identity(identity, "alice@example.com", PASSWORD);
    for (int i = 1; i <= 3; i++) {
      assertThat(attempt("alice@example.com", "wrong " + i)).as("attempt " + i).isEqualTo(400);
    }
    // Every thread of the password pool held: an attempt that hashed could not answer until they are released.
    int threads = Runtime.getRuntime().availableProcessors();
    WorkerExecutor pool = identity.vertx.createSharedWorkerExecutor(PasswordService.POOL_NAME, threads);
    CountDownLatch started = new CountDownLatch(threads);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean queuedRan = new AtomicBoolean();
    try {
      for (int i = 0; i < threads; i++) {
        pool.executeBlocking(() -> {
          started.countDown();
          return release.await(60, TimeUnit.SECONDS);
        }, false);
      }
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      pool.executeBlocking(() -> queuedRan.getAndSet(true), false);

      ApiException e = refused(" Alice@Example.com", PASSWORD);
      assertThat(queuedRan).as("the password pool stayed full: the refused attempt hashed nothing").isFalse();
      assertThat(e.getCode()).isEqualTo(429);
      assertThat(e.getResponseHeaders().get("retry-after")).containsExactly("3600");
      JsonObject error = new JsonObject(e.getResponseBody()).getJsonObject("error");
      assertThat(error.fieldNames()).containsExactlyInAnyOrder("id", "code", "status", "reason", "message",
          "details");
      assertThat(error.getString("id")).isEqualTo("rate_limit_exceeded");
      assertThat(error.getInteger("code")).isEqualTo(429);
      assertThat(error.getString("status")).isEqualTo("Too Many Requests");
      assertThat(error.getString("reason")).isEqualTo("Too many failed attempts; please try again in 3600 seconds.");
      assertThat(error.getJsonObject("details")).isEqualTo(new JsonObject().put("retry_after_seconds", 3600)
          .put("locked", false));
    } finally {
      release.countDown();
      pool.close();
    }
    assertThat(events(EventTypes.LOGIN_FAILED)).hasSize(3);
    List<JsonObject> limited = events(EventTypes.RATE_LIMITED);
    assertThat(limited).hasSize(1);
    assertThat(limited.get(0).getString("scope")).isEqualTo("identifier");
    assertThat(limited.get(0).getString("key")).isEqualTo(events(EventTypes.LOGIN_FAILED).get(0)
        .getString("identifier_hash"));
    assertThat(limited.get(0).getString("flow")).isEqualTo("login");
    assertThat(limited.get(0).getLong("retry_after_seconds")).isEqualTo(3600);
  }

  @Test
  void theAddressLimitCountsAcrossIdentifiers() throws Exception {
    start(0, 5);
    for (int i = 1; i <= 5; i++) {
      assertThat(attempt("user" + i + "@example.com", "guess")).as("identifier " + i).isEqualTo(400);
    }
    ApiException e = refused("user6@example.com", "guess");
    assertThat(e.getCode()).isEqualTo(429);
    assertThat(e.getResponseHeaders().get("retry-after")).containsExactly("3600");
    JsonObject limited = events(EventTypes.RATE_LIMITED).get(0);
    assertThat(identity.meters.counter("portcullis_identity_attempts_refused", "flow", "login", "scope", "address")
        .count()).isEqualTo(1.0);
    assertThat(identity.meters.counter("portcullis_identity_attempts_refused", "flow", "login", "scope",
        "identifier").count()).isZero();
    assertThat(limited.getString("scope")).isEqualTo("address");
    assertThat(limited.getString("key")).isEqualTo("127.0.0.1");
    JsonArray listed = new JsonArray(admin("GET", "?scope=address").body());
    assertThat(listed).hasSize(1);
    assertThat(listed.getJsonObject(0).getInteger("failures")).isEqualTo(5);
  }

  @Test
  void aSuccessClearsTheIdentifierButNotTheAddress() throws Exception {
    start(0, 5);
    RecoveryFlowsTest.identity(identity, "bob@example.com", PASSWORD);
    assertThat(attempt("bob@example.com", "wrong 1")).isEqualTo(400);
    assertThat(attempt("bob@example.com", "wrong 2")).isEqualTo(400);
    assertThat(attempt("bob@example.com", PASSWORD)).isEqualTo(200);
    // Bob's count is gone: three more wrong passwords before he waits.
    assertThat(attempt("bob@example.com", "wrong 3")).isEqualTo(400);
    assertThat(attempt("bob@example.com", "wrong 4")).isEqualTo(400);
    JsonArray listed = new JsonArray(admin("GET", "?flow=login").body());
    assertThat(listed.stream().map(o -> ((JsonObject) o).getString("scope") + "=" + ((JsonObject) o)
        .getInteger("failures"))).containsExactlyInAnyOrder("identifier=2", "address=4");
    // The address kept its four failures: one more, and a valid account's success does not wash them out.
    assertThat(attempt("carol@example.com", "guess")).isEqualTo(400);
    assertThat(attempt("bob@example.com", PASSWORD)).as("the address waits now").isEqualTo(429);
  }

  @Test
  void aLockoutHoldsUntilTheOperatorLiftsIt() throws Exception {
    start(3, 50);
    RecoveryFlowsTest.identity(identity, "dave@example.com", PASSWORD);
    for (int i = 1; i <= 3; i++) {
      assertThat(attempt("dave@example.com", "wrong " + i)).isEqualTo(400);
    }
    ApiException e = refused("dave@example.com", PASSWORD);
    assertThat(e.getCode()).isEqualTo(429);
    assertThat(e.getResponseHeaders().get("retry-after")).containsExactly("86400");
    JsonObject error = new JsonObject(e.getResponseBody()).getJsonObject("error");
    assertThat(error.getJsonObject("details").getBoolean("locked")).isTrue();
    assertThat(error.getString("reason")).isEqualTo("Too many failed attempts: locked out for 86400 seconds; an "
        + "administrator can lift the lockout.");
    JsonObject locked = events(EventTypes.LOCKED_OUT).get(0);
    assertThat(locked.getInteger("failures")).isEqualTo(3);
    assertThat(locked.getString("locked_until")).isNotNull();
    assertThat(events(EventTypes.RATE_LIMITED).get(0).getBoolean("locked")).isTrue();

    JsonArray listed = new JsonArray(admin("GET", "?identifier=%20DAVE@example.com").body());
    assertThat(listed).hasSize(1);
    JsonObject entry = listed.getJsonObject(0);
    assertThat(entry.getString("flow")).isEqualTo("login");
    assertThat(entry.getString("key")).isEqualTo(locked.getString("key")).hasSize(64);
    assertThat(entry.getBoolean("locked")).isTrue();
    assertThat(entry.getString("locked_until")).isEqualTo(locked.getString("locked_until"));
    assertThat(entry.getLong("retry_after_seconds")).isBetween(86_000L, 86_400L);

    HttpResponse<String> unnamed = admin("DELETE", "?flow=login");
    assertThat(unnamed.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(unnamed.body()).getJsonObject("error").getString("reason"))
        .contains("\"identifier\", \"key\" or \"address\"");
    assertThat(admin("GET", "?flow=signup").statusCode()).isEqualTo(400);
    assertThat(admin("DELETE", "?key=" + entry.getString("key")).statusCode()).isEqualTo(204);
    JsonObject lifted = events(EventTypes.RATE_LIMIT_LIFTED).get(0);
    assertThat(lifted.getBoolean("was_locked")).isTrue();
    assertThat(lifted.getString("by")).isEqualTo("admin");
    assertThat(attempt("dave@example.com", PASSWORD)).as("lifted: dave is let in").isEqualTo(200);
    assertThat(admin("DELETE", "?identifier=dave@example.com").statusCode()).as("nothing left to lift")
        .isEqualTo(404);
  }

  @Test
  void browserFormsShowTheWaitOnTheForm() throws Exception {
    start(0, 50);
    Browser b = new Browser();
    for (int i = 1; i <= 3; i++) {
      JsonObject flow = BrowserFlowsTest.init(b, identity, "login", "");
      assertThat(b.postForm(BrowserFlowsTest.action(flow), BrowserFlowsTest.form(flow, "method", "password",
          "identifier", "erin@example.com", "password", "wrong")).statusCode()).isEqualTo(303);
    }
    JsonObject flow = BrowserFlowsTest.init(b, identity, "login", "");
    HttpResponse<String> r = b.postForm(BrowserFlowsTest.action(flow), BrowserFlowsTest.form(flow, "method",
        "password", "identifier", "erin@example.com", "password", "wrong"), "Accept", "text/html");
    assertThat(r.statusCode()).as("back to the form, not a JSON page").isEqualTo(303);
    assertThat(r.headers().firstValue("Retry-After")).contains("3600");
    String form = r.headers().firstValue("Location").orElseThrow();
    assertThat(form).isEqualTo(identity.publicUrl() + "/ui/login?flow=" + flow.getString("id"));
    JsonObject shown = BrowserFlowsTest.fetchFlow(b, identity, "login", flow.getString("id"));
    assertThat(Browser.uiMessageIds(shown)).containsExactly(4000001L);
    assertThat(b.get(form).body()).contains("Too many failed attempts; please try again in 3600 seconds.");
  }

  @Test
  void recoveryAndVerificationMailsAreLimitedPerAddress() throws Exception {
    start(0, 50);
    String email = "frank@example.com";
    RecoveryFlowsTest.identity(identity, email, PASSWORD);
    FrontendApi api = frontend();
    for (int i = 1; i <= 3; i++) {
      api.updateRecoveryFlow(api.createNativeRecoveryFlow().getId(), RecoveryFlowsTest.byCode(email, null), null,
          null);
    }
    String recovery = api.createNativeRecoveryFlow().getId();
    ApiException e = catchThrowableOfType(() -> api.updateRecoveryFlow(recovery,
        RecoveryFlowsTest.byCode(" FRANK@example.com", null), null, null), ApiException.class);
    assertThat(e.getCode()).isEqualTo(429);
    assertThat(e.getResponseHeaders().get("retry-after")).containsExactly("3600");
    assertThat(new JsonObject(e.getResponseBody()).getJsonObject("error").getString("id"))
        .isEqualTo("rate_limit_exceeded");
    assertThat(mail.to(email)).as("the refused submission mailed nothing").hasSize(3);

    for (int i = 1; i <= 3; i++) {
      api.updateVerificationFlow(api.createNativeVerificationFlow(null).getId(),
          VerificationFlowsTest.byCode(email, null), null, null);
    }
    String verification = api.createNativeVerificationFlow(null).getId();
    e = catchThrowableOfType(() -> api.updateVerificationFlow(verification, VerificationFlowsTest.byCode(email,
        null), null, null), ApiException.class);
    assertThat(e.getCode()).isEqualTo(429);
    assertThat(mail.to(email)).hasSize(6);
    assertThat(events(EventTypes.RATE_LIMITED).stream().map(o -> o.getString("flow") + "/" + o.getString("scope")))
        .containsExactly("recovery/identifier", "verification/identifier");
  }

  @Test
  void secondFactorCodesAreLimitedPerIdentity() throws Exception {
    start(0, 50);
    TestIdentity other = SecondFactorTest.identity;
    // SecondFactorTest's helpers talk to its static identity: point them at this role.
    SecondFactorTest.identity = identity;
    try {
      String email = "grace@example.com";
      SecondFactorTest.createIdentity(email);
      String secret = SecondFactorTest.enrolTotp(SecondFactorTest.apiLogin(email).getString("session_token"));
      String token = SecondFactorTest.apiLogin(email).getString("session_token");
      for (int i = 1; i <= 3; i++) {
        HttpResponse<String> wrong = SecondFactorTest.submit("login", SecondFactorTest.apiFlow("login", "?aal=aal2",
            token), token, new JsonObject().put("method", "totp").put("totp_code", SecondFactorTest.wrongCode(secret)));
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
      }
      HttpResponse<String> r = SecondFactorTest.submit("login", SecondFactorTest.apiFlow("login", "?aal=aal2", token),
          token, new JsonObject().put("method", "totp").put("totp_code", SecondFactorTest.code(secret)));
      assertThat(r.statusCode()).as("even the right code waits").isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).contains("3600");
      assertThat(SecondFactorTest.whoami(token, 403).getJsonObject("error").getString("id"))
          .as("the session stayed aal1").isEqualTo("session_aal2_required");
    } finally {
      SecondFactorTest.identity = other;
    }
  }
}
