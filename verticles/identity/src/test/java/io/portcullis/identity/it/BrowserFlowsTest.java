package io.portcullis.identity.it;

import static io.portcullis.identity.it.Browser.flowId;
import static io.portcullis.identity.it.Browser.nodeMessageIds;
import static io.portcullis.identity.it.Browser.nodeValue;
import static io.portcullis.identity.it.Browser.uiMessageIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.TestIdentity;
import io.vertx.core.json.JsonObject;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Browser flows over plain HTTP with a cookie jar and no redirect following: the 303s, CSRF cookies and tokens,
 * session cookies, form errors with Kratos' message ids, expiry, return_to checks, settings and logout.
 */
class BrowserFlowsTest {
  static final String PASSWORD = "correct horse battery 9";
  /** A return_to origin that is allowed but not the public API's (nothing listens there; only Locations are read). */
  static final String APP = "http://127.0.0.1:65010";
  static final String SESSION_COOKIE = "ory_kratos_session";
  static TestIdentity identity;
  /** Flows that expire after a second and sessions that are privileged for a second. */
  static TestIdentity shortLived;

  @BeforeAll
  static void start() throws Exception {
    identity = new TestIdentity("""
        selfservice:
          allowed_return_urls: ["%s/"]
          flows:
            registration:
              after:
                password:
                  hooks: [{hook: session}]
            settings:
              after:
                password:
                  hooks: [{hook: revoke_active_sessions}]
        """.formatted(APP));
    shortLived = new TestIdentity("""
        selfservice:
          flows:
            login:
              lifespan: 1s
            settings:
              privileged_session_max_age: 1s
              lifespan: 1s
            registration:
              after:
                password:
                  hooks: [{hook: session}]
        """);
  }

  @AfterAll
  static void stop() {
    identity.close();
    shortLived.close();
  }

  /** Starts a browser flow of {@code kind}; asserts the 303 to its form and returns the flow JSON. */
  static JsonObject init(Browser b, TestIdentity id, String kind, String query) throws Exception {
    HttpResponse<String> r = b.get(id.publicUrl() + "/self-service/" + kind + "/browser" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(id.publicUrl() + "/ui/" + kind + "?flow=");
    HttpResponse<String> flow = b.get(id.publicUrl() + "/self-service/" + kind + "/flows?id=" + flowId(location));
    assertThat(flow.statusCode()).as(flow.body()).isEqualTo(200);
    return new JsonObject(flow.body());
  }

  static JsonObject fetchFlow(Browser b, TestIdentity id, String kind, String flowId) throws Exception {
    HttpResponse<String> flow = b.get(id.publicUrl() + "/self-service/" + kind + "/flows?id=" + flowId);
    assertThat(flow.statusCode()).as(flow.body()).isEqualTo(200);
    return new JsonObject(flow.body());
  }

  static Map<String, String> form(JsonObject flow, String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("csrf_token", nodeValue(flow, "csrf_token"));
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  static String action(JsonObject flow) {
    return flow.getJsonObject("ui").getString("action");
  }

  /** Registers {@code email} in browser {@code b}, which ends up logged in. */
  static void register(Browser b, TestIdentity id, String email) throws Exception {
    JsonObject flow = init(b, id, "registration", "");
    HttpResponse<String> r = b.postForm(action(flow), form(flow, "method", "password", "traits.email", email,
        "password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(b.cookie(SESSION_COOKIE)).isPresent();
  }

  static HttpResponse<String> login(Browser b, TestIdentity id, String email, String password, String query)
      throws Exception {
    JsonObject flow = init(b, id, "login", query);
    return b.postForm(action(flow), form(flow, "method", "password", "identifier", email, "password", password));
  }

  static int whoami(TestIdentity id, String token) throws Exception {
    return new Browser().get(id.publicUrl() + "/sessions/whoami", "X-Session-Token", token).statusCode();
  }

  static String errorId(HttpResponse<String> r) {
    return new JsonObject(r.body()).getJsonObject("error").getString("id");
  }

  @Test
  void registrationSetsCsrfAndSessionCookies() throws Exception {
    Browser b = new Browser();
    HttpResponse<String> r = b.get(identity.publicUrl() + "/self-service/registration/browser");
    assertThat(r.statusCode()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(identity.publicUrl() + "/ui/registration?flow=");
    assertThat(b.cookieStartingWith("csrf_token_")).isPresent();
    assertThat(r.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("csrf_token_") && c.toLowerCase().contains("httponly"));

    JsonObject flow = fetchFlow(b, identity, "registration", flowId(location));
    assertThat(flow.getString("type")).isEqualTo("browser");
    assertThat(action(flow)).isEqualTo(identity.publicUrl() + "/self-service/registration?flow=" + flowId(location));
    HttpResponse<String> done = b.postForm(action(flow), form(flow, "method", "password",
        "traits.email", "browser-reg@example.com", "password", PASSWORD));
    assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location")).hasValue(identity.publicUrl() + "/ui/welcome");
    HttpCookie session = b.cookie(SESSION_COOKIE).orElseThrow();
    assertThat(session.isHttpOnly()).isTrue();

    HttpResponse<String> me = b.get(identity.publicUrl() + "/sessions/whoami");
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(me.body()).getJsonObject("identity").getJsonObject("traits").getString("email"))
        .isEqualTo("browser-reg@example.com");
  }

  @Test
  void csrfViolations() throws Exception {
    Browser alice = new Browser();
    JsonObject flow = init(alice, identity, "registration", "");
    Map<String, String> noToken = form(flow, "method", "password", "traits.email", "csrf@example.com",
        "password", PASSWORD);
    noToken.remove("csrf_token");
    HttpResponse<String> r = alice.postForm(action(flow), noToken, "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(errorId(r)).isEqualTo("security_csrf_violation");

    // Mallory has her own CSRF cookie and replays Alice's form token: the two do not match.
    Browser mallory = new Browser();
    init(mallory, identity, "registration", "");
    r = mallory.postForm(action(flow), form(flow, "method", "password", "traits.email", "csrf@example.com",
        "password", PASSWORD), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(errorId(r)).isEqualTo("security_csrf_violation");

    // Without any cookie at all, too; and without Accept JSON as well.
    r = new Browser().postForm(action(flow), form(flow, "method", "password", "traits.email", "csrf@example.com",
        "password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
  }

  @Test
  void formErrorsCarryKratosMessageIds() throws Exception {
    register(new Browser(), identity, "taken@example.com");

    Browser b = new Browser();
    JsonObject flow = init(b, identity, "registration", "");
    HttpResponse<String> r = b.postForm(action(flow), form(flow, "method", "password", "traits.email",
        "taken@example.com", "password", PASSWORD), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(uiMessageIds(new JsonObject(r.body()))).contains(4000007L);
    flow = init(b, identity, "registration", "");
    r = b.postForm(action(flow), form(flow, "method", "password", "traits.email", "Taken@Example.com",
        "password", PASSWORD), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(uiMessageIds(new JsonObject(r.body()))).contains(4000007L);

    // Missing required trait, too-short password: the messages sit on their nodes.
    flow = init(b, identity, "registration", "");
    r = b.postForm(action(flow), form(flow, "method", "password", "traits.email", "", "password", "short1"),
        "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(nodeMessageIds(new JsonObject(r.body()), "traits.email")).contains(4000002L);
    flow = init(b, identity, "registration", "");
    r = b.postForm(action(flow), form(flow, "method", "password", "traits.email", "short@example.com",
        "password", "short1"), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(nodeMessageIds(new JsonObject(r.body()), "password")).contains(4000032L);

    // Without Accept JSON: back to the form, whose flow holds the message.
    flow = init(b, identity, "registration", "");
    r = b.postForm(action(flow), form(flow, "method", "password", "traits.email", "taken@example.com",
        "password", PASSWORD));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue(identity.publicUrl() + "/ui/registration?flow="
        + flow.getString("id"));
    assertThat(uiMessageIds(fetchFlow(b, identity, "registration", flow.getString("id")))).contains(4000007L);

    // Wrong password and unknown identifier: the same answer.
    flow = init(b, identity, "login", "");
    r = b.postForm(action(flow), form(flow, "method", "password", "identifier", "taken@example.com",
        "password", "wrong password 1"), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonObject wrong = new JsonObject(r.body());
    assertThat(uiMessageIds(wrong)).containsExactly(4000006L);
    flow = init(b, identity, "login", "");
    r = b.postForm(action(flow), form(flow, "method", "password", "identifier", "nobody@example.com",
        "password", "wrong password 1"), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonObject unknown = new JsonObject(r.body());
    assertThat(unknown.getJsonObject("ui").getJsonArray("messages"))
        .isEqualTo(wrong.getJsonObject("ui").getJsonArray("messages"));
  }

  @Test
  void expiredLoginFlow() throws Exception {
    Browser b = new Browser();
    JsonObject flow = init(b, shortLived, "login", "");
    Thread.sleep(1100);
    HttpResponse<String> r = b.postForm(action(flow), form(flow, "method", "password", "identifier",
        "x@example.com", "password", PASSWORD), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(410);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getJsonObject("error").getString("id")).isEqualTo("self_service_flow_expired");
    String replacement = body.getString("use_flow_id");
    assertThat(replacement).isNotEmpty().isNotEqualTo(flow.getString("id"));
    assertThat(uiMessageIds(fetchFlow(b, shortLived, "login", replacement))).contains(4010001L);

    r = b.postForm(action(flow), form(flow, "method", "password", "identifier", "x@example.com",
        "password", PASSWORD));
    assertThat(r.statusCode()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(shortLived.publicUrl() + "/ui/login?flow=");
    assertThat(flowId(location)).isNotEqualTo(flow.getString("id")).isNotEqualTo(replacement);
  }

  @Test
  void returnTo() throws Exception {
    Browser b = new Browser();
    HttpResponse<String> r = b.get(identity.publicUrl() + "/self-service/login/browser?return_to="
        + Browser.enc("https://evil.example/steal"), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(errorId(r)).isEqualTo("self_service_flow_return_to_forbidden");

    register(new Browser(), identity, "return@example.com");
    r = login(b, identity, "return@example.com", PASSWORD, "?return_to=" + Browser.enc(APP + "/app"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue(APP + "/app");

    Browser c = new Browser();
    JsonObject flow = init(c, identity, "registration", "?return_to=" + Browser.enc(APP + "/welcome"));
    assertThat(flow.getString("return_to")).isEqualTo(APP + "/welcome");
    r = c.postForm(action(flow), form(flow, "method", "password", "traits.email", "return2@example.com",
        "password", PASSWORD));
    assertThat(r.headers().firstValue("Location")).hasValue(APP + "/welcome");
  }

  @Test
  void apiFlowWithCookieIsRejected() throws Exception {
    Browser b = new Browser();
    HttpResponse<String> created = b.get(identity.publicUrl() + "/self-service/login/api");
    assertThat(created.statusCode()).isEqualTo(200);
    JsonObject flow = new JsonObject(created.body());
    assertThat(flow.getString("type")).isEqualTo("api");
    HttpResponse<String> r = b.postJson(action(flow), new JsonObject().put("method", "password")
        .put("identifier", "x@example.com").put("password", PASSWORD), "Cookie", "some=cookie");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
  }

  @Test
  void loginWhenAlreadyLoggedIn() throws Exception {
    Browser b = new Browser();
    register(b, identity, "already@example.com");
    HttpResponse<String> r = b.get(identity.publicUrl() + "/self-service/login/browser");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location").orElseThrow()).doesNotContain("flow=")
        .isEqualTo(identity.publicUrl() + "/ui/welcome");
    r = b.getJson(identity.publicUrl() + "/self-service/login/browser");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(errorId(r)).isEqualTo("session_already_available");
  }

  @Test
  void settingsProfileChange() throws Exception {
    Browser b = new Browser();
    register(b, identity, "profile@example.com");
    JsonObject flow = init(b, identity, "settings", "");
    assertThat(nodeValue(flow, "traits.email")).isEqualTo("profile@example.com");
    HttpResponse<String> r = b.postForm(action(flow), form(flow, "method", "profile", "traits.email",
        "profile2@example.com"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    JsonObject done = fetchFlow(b, identity, "settings", flow.getString("id"));
    assertThat(done.getString("state")).isEqualTo("success");
    assertThat(uiMessageIds(done)).contains(1050001L);
    assertThat(done.getJsonObject("identity").getJsonObject("traits").getString("email"))
        .isEqualTo("profile2@example.com");

    flow = init(b, identity, "settings", "");
    r = b.postForm(action(flow), form(flow, "method", "profile", "traits.email", "profile3@example.com"),
        "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("state")).isEqualTo("success");
    assertThat(uiMessageIds(new JsonObject(r.body()))).contains(1050001L);

    // The password identifier follows the trait.
    assertThat(login(new Browser(), identity, "profile3@example.com", PASSWORD, "").headers()
        .firstValue("Location")).hasValue(identity.publicUrl() + "/ui/welcome");
    assertThat(login(new Browser(), identity, "profile@example.com", PASSWORD, "").headers()
        .firstValue("Location").orElseThrow()).startsWith(identity.publicUrl() + "/ui/login?flow=");
    assertThat(b.get(identity.publicUrl() + "/sessions/whoami").statusCode()).isEqualTo(200);

    // Another identity's identifier: 4000007 on the flow.
    register(new Browser(), identity, "profile-other@example.com");
    flow = init(b, identity, "settings", "");
    r = b.postForm(action(flow), form(flow, "method", "profile", "traits.email", "Profile-Other@example.com"),
        "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(uiMessageIds(new JsonObject(r.body()))).contains(4000007L);
  }

  @Test
  void settingsPasswordChangeRevokesOtherSessions() throws Exception {
    Browser b = new Browser();
    register(b, identity, "pwchange@example.com");
    String current = b.cookie(SESSION_COOKIE).orElseThrow().getValue();
    Browser other = new Browser();
    assertThat(login(other, identity, "pwchange@example.com", PASSWORD, "").statusCode()).isEqualTo(303);
    String otherToken = other.cookie(SESSION_COOKIE).orElseThrow().getValue();
    assertThat(whoami(identity, otherToken)).isEqualTo(200);

    JsonObject flow = init(b, identity, "settings", "");
    HttpResponse<String> r = b.postForm(action(flow), form(flow, "method", "password", "password",
        "a brand new passphrase 7"), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("state")).isEqualTo("success");
    assertThat(whoami(identity, otherToken)).isEqualTo(401);
    assertThat(whoami(identity, current)).isEqualTo(200);
    assertThat(login(new Browser(), identity, "pwchange@example.com", "a brand new passphrase 7", "").headers()
        .firstValue("Location")).hasValue(identity.publicUrl() + "/ui/welcome");
  }

  @Test
  void settingsNeedAPrivilegedSession() throws Exception {
    Browser b = new Browser();
    register(b, shortLived, "stale@example.com");
    Thread.sleep(1100);
    JsonObject flow = init(b, shortLived, "settings", "");
    HttpResponse<String> r = b.postForm(action(flow), form(flow, "method", "password", "password",
        "a brand new passphrase 7"), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(errorId(r)).isEqualTo("session_refresh_required");

    // As Kratos: changing an identifier needs a privileged session, other traits do not.
    flow = init(b, shortLived, "settings", "");
    r = b.postForm(action(flow), form(flow, "method", "profile", "traits.email", "stale2@example.com"),
        "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(errorId(r)).isEqualTo("session_refresh_required");
    flow = init(b, shortLived, "settings", "");
    r = b.postForm(action(flow), form(flow, "method", "profile", "traits.email", "stale@example.com",
        "traits.name.first", "Ada"), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getJsonObject("identity").getJsonObject("traits").getJsonObject("name")
        .getString("first")).isEqualTo("Ada");
  }

  @Test
  void browserLogout() throws Exception {
    Browser b = new Browser();
    register(b, identity, "logout@example.com");
    String token = b.cookie(SESSION_COOKIE).orElseThrow().getValue();
    HttpResponse<String> r = b.get(identity.publicUrl() + "/self-service/logout/browser");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String url = new JsonObject(r.body()).getString("logout_url");
    assertThat(url).startsWith(identity.publicUrl() + "/self-service/logout?token=");

    r = b.send(HttpRequest.newBuilder(URI.create(url)).GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(SESSION_COOKIE + "=")
        && c.contains("Max-Age=0"));
    assertThat(b.cookie(SESSION_COOKIE)).isEmpty();
    assertThat(whoami(identity, token)).isEqualTo(401);
    assertThat(b.get(identity.publicUrl() + "/sessions/whoami").statusCode()).isEqualTo(401);
  }

  /** As Kratos: the logout URL only works in the browser whose session it belongs to. */
  @Test
  void logoutUrlNeedsItsSessionCookie() throws Exception {
    Browser b = new Browser();
    register(b, identity, "logout-owner@example.com");
    String token = b.cookie(SESSION_COOKIE).orElseThrow().getValue();
    String url = new JsonObject(b.get(identity.publicUrl() + "/self-service/logout/browser").body())
        .getString("logout_url");
    // As Kratos: the logout URL is the session's, the same however often it is asked for (several tabs).
    assertThat(new JsonObject(b.get(identity.publicUrl() + "/self-service/logout/browser").body())
        .getString("logout_url")).isEqualTo(url);

    HttpResponse<String> r = new Browser().get(url, "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(whoami(identity, token)).isEqualTo(200);

    Browser other = new Browser();
    register(other, identity, "logout-other@example.com");
    r = other.get(url, "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(whoami(identity, token)).isEqualTo(200);
    assertThat(other.get(identity.publicUrl() + "/sessions/whoami").statusCode()).isEqualTo(200);

    assertThat(b.get(url).statusCode()).isEqualTo(303);
    assertThat(whoami(identity, token)).isEqualTo(401);
  }

  /** As Kratos' settings error handler: an expired settings flow is replaced, 410 with use_flow_id or a redirect. */
  @Test
  void expiredSettingsFlow() throws Exception {
    Browser b = new Browser();
    register(b, shortLived, "settings-expired@example.com");
    JsonObject flow = init(b, shortLived, "settings", "");
    Thread.sleep(1100);
    HttpResponse<String> r = b.postForm(action(flow), form(flow, "method", "profile", "traits.email",
        "settings-expired2@example.com"), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(410);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getJsonObject("error").getString("id")).isEqualTo("self_service_flow_expired");
    String replacement = body.getString("use_flow_id");
    assertThat(replacement).isNotEmpty().isNotEqualTo(flow.getString("id"));
    assertThat(uiMessageIds(fetchFlow(b, shortLived, "settings", replacement))).contains(4050001L);

    r = b.postForm(action(flow), form(flow, "method", "profile", "traits.email", "settings-expired2@example.com"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith(shortLived.publicUrl()
        + "/ui/settings?flow=");
  }

  /** As Kratos: a login flow started before logging in cannot be used to log in again. */
  @Test
  void staleLoginFlowWhileLoggedIn() throws Exception {
    register(new Browser(), identity, "twice@example.com");
    Browser b = new Browser();
    JsonObject first = init(b, identity, "login", "");
    JsonObject second = init(b, identity, "login", "");
    JsonObject third = init(b, identity, "login", "");
    HttpResponse<String> r = b.postForm(action(first), form(first, "method", "password", "identifier",
        "twice@example.com", "password", PASSWORD));
    assertThat(r.headers().firstValue("Location")).hasValue(identity.publicUrl() + "/ui/welcome");
    String token = b.cookie(SESSION_COOKIE).orElseThrow().getValue();

    r = b.postForm(action(second), form(second, "method", "password", "identifier", "twice@example.com",
        "password", PASSWORD));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue(identity.publicUrl() + "/ui/welcome");
    assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(SESSION_COOKIE));
    r = b.postForm(action(third), form(third, "method", "password", "identifier", "twice@example.com",
        "password", PASSWORD), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(errorId(r)).isEqualTo("session_already_available");
    assertThat(b.cookie(SESSION_COOKIE).orElseThrow().getValue()).isEqualTo(token);
  }

  /** As Kratos: {@code refresh=true} re-authenticates the same session, which is then privileged again. */
  @Test
  void refreshLoginReauthenticatesTheSession() throws Exception {
    Browser b = new Browser();
    register(b, shortLived, "refresh@example.com");
    String token = b.cookie(SESSION_COOKIE).orElseThrow().getValue();
    JsonObject before = new JsonObject(b.get(shortLived.publicUrl() + "/sessions/whoami").body());
    Thread.sleep(1100);

    JsonObject flow = init(b, shortLived, "login", "?refresh=true");
    assertThat(flow.getBoolean("refresh")).isTrue();
    HttpResponse<String> r = b.postForm(action(flow), form(flow, "method", "password", "identifier",
        "refresh@example.com", "password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(b.cookie(SESSION_COOKIE).orElseThrow().getValue()).isEqualTo(token);
    JsonObject after = new JsonObject(b.get(shortLived.publicUrl() + "/sessions/whoami").body());
    assertThat(after.getString("id")).isEqualTo(before.getString("id"));
    assertThat(after.getString("authenticated_at")).isGreaterThan(before.getString("authenticated_at"));
    assertThat(after.getJsonArray("authentication_methods")).hasSize(2);

    flow = init(b, shortLived, "settings", "");
    r = b.postForm(action(flow), form(flow, "method", "password", "password", "a brand new passphrase 7"),
        "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}
