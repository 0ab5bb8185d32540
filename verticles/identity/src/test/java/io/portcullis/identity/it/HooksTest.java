package io.portcullis.identity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.identity.TestIdentity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-service hooks against a real database and a real web hook target on loopback: Kratos' order and answers
 * for {@code revoke_active_sessions}, {@code require_verified_address}, {@code session} and {@code web_hook} (Jsonnet
 * body with {@code ctx}, auth, ignored answers, interrupting messages, identity changes, timeouts, before hooks).
 */
class HooksTest {
  static final String PASSWORD = "correct horse battery 9";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final Duration WAIT = Duration.ofSeconds(10);
  /** What the hook templates send: the parts of ctx the tests look at. */
  static final String TEMPLATE = """
      function(ctx) {
        flow_id: ctx.flow.id,
        flow_type: ctx.flow.type,
        active: if std.objectHas(ctx.flow, 'active') then ctx.flow.active else null,
        transient: if std.objectHas(ctx.flow, 'transient_payload') then ctx.flow.transient_payload else null,
        method: ctx.request_method,
        url: ctx.request_url,
        user_agent: if std.objectHas(ctx.request_headers, 'User-Agent') then ctx.request_headers['User-Agent'][0]
          else null,
        forwarded_cookie_header: std.objectHas(ctx.request_headers, 'Cookie'),
        identity_id: if std.objectHas(ctx, 'identity') then ctx.identity.id else null,
        email: if std.objectHas(ctx, 'identity') then ctx.identity.traits.email else null,
        has_admin_metadata: std.objectHas(ctx, 'identity') && std.objectHas(ctx.identity, 'metadata_admin'),
        session_id: if std.objectHas(ctx, 'session') then ctx.session.id else null,
      }
      """;
  @TempDir
  static Path dir;
  static HookTarget target;
  static TestIdentity identity;

  @BeforeAll
  static void start() throws Exception {
    target = new HookTarget(HooksTest::answer);
    Path template = Files.writeString(dir.resolve("body.jsonnet"), TEMPLATE);
    String before = "base64://" + Base64.getEncoder().encodeToString(TEMPLATE.getBytes(StandardCharsets.UTF_8));
    identity = new TestIdentity("""
        clients:
          web_hook: {timeout: 1s, max_retries: 0}
        selfservice:
          flows:
            login:
              before:
                hooks:
                  - hook: web_hook
                    config: {url: "%1$s", method: POST, body: "%2$s", can_interrupt: true}
              after:
                password:
                  hooks:
                    - hook: revoke_active_sessions
                    - hook: require_verified_address
                    - hook: web_hook
                      config:
                        url: "%3$s"
                        method: POST
                        body: "file://%4$s"
                        auth: {type: api_key, config: {name: X-Api-Key, value: k3y, in: header}}
                        response: {parse: true}
            registration:
              after:
                password:
                  hooks:
                    - hook: session
                    - hook: web_hook
                      config:
                        url: "%5$s"
                        method: POST
                        body: "file://%4$s"
                        auth: {type: basic_auth, config: {user: hooks, password: s3cret}}
                        response: {parse: true}
                    - hook: web_hook
                      config: {url: "%6$s", method: POST, body: "file://%4$s", response: {ignore: true}}
            settings:
              before:
                hooks:
                  - hook: web_hook
                    config: {url: "%7$s", method: POST, body: "file://%4$s"}
              after:
                profile:
                  hooks:
                    - hook: web_hook
                      config: {url: "%8$s", method: POST, body: "file://%4$s", response: {parse: true}}
        """.formatted(target.url("/before-login"), before, target.url("/login"), template,
        target.url("/registration"), target.url("/registered"), target.url("/before-settings"),
        target.url("/settings-profile")));
  }

  @AfterAll
  static void stop() {
    identity.close();
    target.close();
  }

  /** The target's answers, chosen by what the request carries. */
  static HookTarget.Answer answer(HookTarget.Received r) {
    JsonObject body = new JsonObject(r.body());
    String email = String.valueOf(body.getValue("email"));
    String agent = String.valueOf(body.getValue("user_agent"));
    if (r.path().equals("/before-login") && agent.equals("blocked-agent")) {
      return HookTarget.Answer.of(403, messages("#/", 4000901, "Logins from this agent are closed."));
    }
    if (email.startsWith("blocked")) {
      return HookTarget.Answer.of(400, messages("#/identifier", 4000902, "This account is blocked by policy."));
    }
    if (email.startsWith("refused")) {
      return HookTarget.Answer.of(400, messages("#/traits/email", 4000903, "This domain may not register."));
    }
    if (email.startsWith("renamed-by-hook")) {
      return HookTarget.Answer.of(200, new JsonObject().put("identity", new JsonObject()
          .put("traits", new JsonObject().put("email", "renamed@example.com"))
          .put("metadata_public", new JsonObject().put("plan", "gold"))).encode());
    }
    if (email.startsWith("hang")) {
      return null;
    }
    if (r.path().equals("/settings-profile")) {
      return HookTarget.Answer.of(200, new JsonObject().put("identity", new JsonObject()
          .put("metadata_public", new JsonObject().put("settings", "seen"))).encode());
    }
    if (r.path().equals("/registered") && email.startsWith("slow")) {
      return new HookTarget.Answer(204, "", Duration.ofSeconds(4));
    }
    return HookTarget.Answer.of(200, "{}");
  }

  static String messages(String ptr, long id, String text) {
    return new JsonObject().put("messages", new JsonArray().add(new JsonObject().put("instance_ptr", ptr)
        .put("messages", new JsonArray().add(new JsonObject().put("id", id).put("text", text).put("type", "error")
            .put("context", new JsonObject().put("by", "hook")))))).encode();
  }

  static HttpResponse<String> send(String method, String url, JsonObject body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .header("Accept", "application/json").method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject createIdentity(String email, boolean verified) throws Exception {
    HttpResponse<String> r = send("POST", identity.adminUrl() + "/admin/identities", new JsonObject()
        .put("schema_id", "default").put("traits", new JsonObject().put("email", email))
        .put("verifiable_addresses", new JsonArray().add(new JsonObject().put("via", "email").put("value", email)
            .put("verified", verified).put("status", verified ? "completed" : "pending")))
        .put("credentials", new JsonObject().put("password", new JsonObject().put("config",
            new JsonObject().put("password", PASSWORD)))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body());
  }

  /** Starts an API login flow (its before hook runs) and submits the password; the flow id is in the answer's use. */
  static HttpResponse<String> login(String email, JsonObject transientPayload) throws Exception {
    JsonObject flow = apiFlow("login");
    target.next("/before-login", WAIT);
    JsonObject body = new JsonObject().put("method", "password").put("identifier", email).put("password", PASSWORD);
    if (transientPayload != null) {
      body.put("transient_payload", transientPayload);
    }
    return send("POST", identity.publicUrl() + "/self-service/login?flow=" + flow.getString("id"), body);
  }

  static JsonObject apiFlow(String kind) throws Exception {
    HttpResponse<String> r = send("GET", identity.publicUrl() + "/self-service/" + kind + "/api", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  static HttpResponse<String> register(String email) throws Exception {
    JsonObject flow = apiFlow("registration");
    return send("POST", identity.publicUrl() + "/self-service/registration?flow=" + flow.getString("id"),
        new JsonObject().put("method", "password").put("traits", new JsonObject().put("email", email))
            .put("password", PASSWORD));
  }

  static int whoami(String token) throws Exception {
    return send("GET", identity.publicUrl() + "/sessions/whoami", null, "X-Session-Token", token).statusCode();
  }

  static JsonArray messagesOf(JsonObject flow, String node) {
    for (Object n : flow.getJsonObject("ui").getJsonArray("nodes")) {
      JsonObject o = (JsonObject) n;
      if (node.equals(o.getJsonObject("attributes").getString("name"))) {
        return o.getJsonArray("messages");
      }
    }
    throw new AssertionError("no node " + node + " in " + flow.encode());
  }

  @Test
  void revokeActiveSessionsAfterLoginEndsTheOtherSessions() throws Exception {
    createIdentity("revoke@example.com", true);
    HttpResponse<String> first = login("revoke@example.com", null);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    target.next("/login", WAIT);
    String firstToken = new JsonObject(first.body()).getString("session_token");
    assertThat(whoami(firstToken)).isEqualTo(200);

    HttpResponse<String> second = login("revoke@example.com", null);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    target.next("/login", WAIT);
    assertThat(whoami(firstToken)).isEqualTo(401);
    assertThat(whoami(new JsonObject(second.body()).getString("session_token"))).isEqualTo(200);
  }

  @Test
  void requireVerifiedAddressRefusesAnUnverifiedLoginAndAdmitsAVerifiedOne() throws Exception {
    JsonObject unverified = createIdentity("unverified@example.com", false);
    HttpResponse<String> refused = login("unverified@example.com", null);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    JsonObject flow = new JsonObject(refused.body());
    assertThat(flow.getJsonObject("ui").getJsonArray("messages").getJsonObject(0).getMap())
        .containsEntry("id", 4000010).containsEntry("type", "error")
        .containsEntry("text", "Account not active yet. Did you forget to verify your email address?");
    assertThat(refused.body()).doesNotContain("session_token");
    HttpResponse<String> sessions = send("GET", identity.adminUrl() + "/admin/identities/"
        + unverified.getString("id") + "/sessions", null);
    assertThat(new JsonArray(sessions.body())).as("the refused login left no session").isEmpty();
    assertThat(target.none("/login")).as("hooks after the refusing one do not run").isTrue();

    createIdentity("verified@example.com", true);
    HttpResponse<String> admitted = login("verified@example.com", null);
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(200);
    target.next("/login", WAIT);
  }

  @Test
  void theLoginWebHookGetsItsJsonnetBodyWithCtxAndTheApiKey() throws Exception {
    JsonObject created = createIdentity("ctx@example.com", true);
    HttpResponse<String> r = login("ctx@example.com", new JsonObject().put("campaign", "spring"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject session = new JsonObject(r.body()).getJsonObject("session");
    HookTarget.Received call = target.next("/login", WAIT);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.headers().get("X-Api-Key")).isEqualTo("k3y");
    assertThat(call.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(call.headers().get("Ory-Webhook-Trigger-ID")).isNotBlank();
    JsonObject body = call.json();
    assertThat(body.getString("identity_id")).isEqualTo(created.getString("id"));
    assertThat(body.getString("email")).isEqualTo("ctx@example.com");
    assertThat(body.getString("session_id")).isEqualTo(session.getString("id"));
    assertThat(body.getString("flow_type")).isEqualTo("api");
    assertThat(body.getString("active")).isEqualTo("password");
    assertThat(body.getJsonObject("transient")).isEqualTo(new JsonObject().put("campaign", "spring"));
    assertThat(body.getString("method")).isEqualTo("POST");
    assertThat(body.getString("url")).startsWith(identity.publicUrl() + "/self-service/login?flow=")
        .endsWith(body.getString("flow_id"));
    assertThat(body.getString("user_agent")).isNotBlank();
    assertThat(body.getBoolean("forwarded_cookie_header")).isFalse();
    assertThat(body.getBoolean("has_admin_metadata")).isFalse();
  }

  @Test
  void beforeHooksRunAtFlowCreationAndMayInterruptIt() throws Exception {
    JsonObject flow = apiFlow("login");
    JsonObject body = target.next("/before-login", WAIT).json();
    assertThat(body.getString("flow_id")).isEqualTo(flow.getString("id"));
    assertThat(body.getString("method")).isEqualTo("GET");
    assertThat(body.getValue("identity_id")).isNull();

    HttpResponse<String> blocked = send("GET", identity.publicUrl() + "/self-service/login/api", null,
        "User-Agent", "blocked-agent");
    target.next("/before-login", WAIT);
    assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(400);
    JsonObject message = new JsonObject(blocked.body()).getJsonObject("ui").getJsonArray("messages")
        .getJsonObject(0);
    assertThat(message.getLong("id")).isEqualTo(4000901);
    assertThat(message.getString("text")).isEqualTo("Logins from this agent are closed.");
  }

  @Test
  void aWebHookAnswering400WithMessagesInterruptsLogin() throws Exception {
    JsonObject created = createIdentity("blocked@example.com", true);
    HttpResponse<String> r = login("blocked@example.com", null);
    target.next("/login", WAIT);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonObject flow = new JsonObject(r.body());
    JsonObject m = messagesOf(flow, "identifier").getJsonObject(0);
    assertThat(m.getLong("id")).isEqualTo(4000902);
    assertThat(m.getString("text")).isEqualTo("This account is blocked by policy.");
    assertThat(m.getJsonObject("context")).isEqualTo(new JsonObject().put("by", "hook"));
    assertThat(r.body()).doesNotContain("session_token");
    HttpResponse<String> sessions = send("GET", identity.adminUrl() + "/admin/identities/" + created.getString("id")
        + "/sessions", null);
    assertThat(new JsonArray(sessions.body())).isEmpty();
  }

  @Test
  void registrationIssuesTheSessionLastAfterTheWebHooks() throws Exception {
    HttpResponse<String> r = register("new@example.com");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject out = new JsonObject(r.body());
    assertThat(whoami(out.getString("session_token"))).isEqualTo(200);
    HookTarget.Received call = target.next("/registration", WAIT);
    assertThat(call.headers().get("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
        .encodeToString("hooks:s3cret".getBytes(StandardCharsets.UTF_8)));
    JsonObject body = call.json();
    assertThat(body.getString("email")).isEqualTo("new@example.com");
    assertThat(body.getString("identity_id")).as("pre-persist: the identity to be written")
        .isEqualTo(out.getJsonObject("identity").getString("id"));
    assertThat(body.getValue("session_id")).isNull();
    JsonObject registered = target.next("/registered", WAIT).json();
    assertThat(registered.getString("identity_id")).isEqualTo(out.getJsonObject("identity").getString("id"));
  }

  @Test
  void anIgnoredAnswerDoesNotHoldTheFlowUp() throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> r = register("slow@example.com");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(took).as("the target answers /registered after 4 s").isLessThan(Duration.ofSeconds(3));
    target.next("/registration", WAIT);
    assertThat(target.next("/registered", WAIT).json().getString("email")).isEqualTo("slow@example.com");
  }

  @Test
  void aWebHookAnswering400WithMessagesInterruptsRegistration() throws Exception {
    HttpResponse<String> r = register("refused@example.com");
    target.next("/registration", WAIT);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonObject m = messagesOf(new JsonObject(r.body()), "traits.email").getJsonObject(0);
    assertThat(m.getLong("id")).isEqualTo(4000903);
    assertThat(m.getString("text")).isEqualTo("This domain may not register.");
    HttpResponse<String> found = send("GET", identity.adminUrl()
        + "/admin/identities?credentials_identifier=refused@example.com", null);
    assertThat(new JsonArray(found.body())).as("nothing was registered").isEmpty();
    assertThat(target.none("/registered")).isTrue();
  }

  @Test
  void aParsedAnswerChangesTheIdentityBeforeItIsWritten() throws Exception {
    HttpResponse<String> r = register("renamed-by-hook@example.com");
    target.next("/registration", WAIT);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject created = new JsonObject(r.body()).getJsonObject("identity");
    assertThat(created.getJsonObject("traits").getString("email")).isEqualTo("renamed@example.com");
    JsonObject stored = new JsonObject(send("GET", identity.adminUrl() + "/admin/identities/"
        + created.getString("id"), null).body());
    assertThat(stored.getJsonObject("traits").getString("email")).isEqualTo("renamed@example.com");
    assertThat(stored.getJsonObject("metadata_public")).isEqualTo(new JsonObject().put("plan", "gold"));
    assertThat(stored.getJsonArray("verifiable_addresses").getJsonObject(0).getString("value"))
        .isEqualTo("renamed@example.com");
    assertThat(target.next("/registered", WAIT).json().getString("email")).isEqualTo("renamed@example.com");
  }

  @Test
  void aHungWebHookTimesOut() throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> r = register("hang@example.com");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    target.next("/registration", WAIT);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("reason"))
        .isEqualTo("A third-party upstream service could not be reached. Please try again later.");
    assertThat(took).as("clients.web_hook.timeout is 1s").isLessThan(Duration.ofSeconds(5));
    HttpResponse<String> found = send("GET", identity.adminUrl()
        + "/admin/identities?credentials_identifier=hang@example.com", null);
    assertThat(new JsonArray(found.body())).isEmpty();
  }

  @Test
  void settingsRunTheirBeforeHooksAndTheMethodsOwnAfterHooks() throws Exception {
    JsonObject created = createIdentity("settings@example.com", true);
    HttpResponse<String> login = login("settings@example.com", null);
    target.next("/login", WAIT);
    String token = new JsonObject(login.body()).getString("session_token");
    HttpResponse<String> started = send("GET", identity.publicUrl() + "/self-service/settings/api", null,
        "X-Session-Token", token);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    JsonObject flow = new JsonObject(started.body());
    assertThat(target.next("/before-settings", WAIT).json().getString("flow_id")).isEqualTo(flow.getString("id"));

    HttpResponse<String> saved = send("POST", identity.publicUrl() + "/self-service/settings?flow="
        + flow.getString("id"), new JsonObject().put("method", "profile").put("traits", new JsonObject()
            .put("email", "settings@example.com").put("name", new JsonObject().put("first", "Ada"))),
        "X-Session-Token", token);
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    JsonObject call = target.next("/settings-profile", WAIT).json();
    assertThat(call.getString("active")).isEqualTo("profile");
    assertThat(call.getValue("session_id")).as("pre-persist: no session in ctx, as Kratos").isNull();
    JsonObject stored = new JsonObject(send("GET", identity.adminUrl() + "/admin/identities/"
        + created.getString("id"), null).body());
    assertThat(stored.getJsonObject("traits").getJsonObject("name").getString("first")).isEqualTo("Ada");
    assertThat(stored.getJsonObject("metadata_public")).isEqualTo(new JsonObject().put("settings", "seen"));
  }

  @Test
  void unknownHooksAndBadWebHooksFailTheStartWithTheirKey() {
    assertThatThrownBy(() -> new TestIdentity("""
        selfservice:
          flows:
            login:
              after:
                hooks: [{hook: revoke_active_sessions}, {hook: send_flowers}]
        """)).hasMessageContaining("portcullis.identity.selfservice.flows.login.after.hooks[1].hook")
        .hasMessageContaining("send_flowers");
    assertThatThrownBy(() -> new TestIdentity("""
        selfservice:
          flows:
            settings:
              after:
                profile:
                  hooks: [{hook: web_hook, config: {method: POST, body: "base64://e30="}}]
        """)).hasMessageContaining("portcullis.identity.selfservice.flows.settings.after.profile.hooks[0].config.url");
  }
}
