package io.portcullis.identity.it;

import static io.portcullis.identity.it.BrowserFlowsTest.SESSION_COOKIE;
import static io.portcullis.identity.it.BrowserFlowsTest.action;
import static io.portcullis.identity.it.BrowserFlowsTest.form;
import static io.portcullis.identity.it.BrowserFlowsTest.init;
import static io.portcullis.identity.it.Browser.node;
import static io.portcullis.identity.it.Browser.nodeMessageIds;
import static io.portcullis.identity.it.Browser.uiMessageIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.TestIdentity;
import io.portcullis.identity.mfa.TotpCodes;
import io.portcullis.identitysessions.SessionReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sh.ory.kratos.ApiClient;
import sh.ory.kratos.api.FrontendApi;
import sh.ory.kratos.api.IdentityApi;
import sh.ory.kratos.model.CreateIdentityBody;
import sh.ory.kratos.model.IdentityWithCredentials;
import sh.ory.kratos.model.IdentityWithCredentialsPassword;
import sh.ory.kratos.model.IdentityWithCredentialsPasswordConfig;
import sh.ory.kratos.model.UiNodeImageAttributes;
import sh.ory.kratos.model.UpdateLoginFlowBody;
import sh.ory.kratos.model.UpdateLoginFlowWithPasswordMethod;
import sh.ory.kratos.model.UpdateLoginFlowWithTotpMethod;

/**
 * TOTP and recovery codes as second factors with {@code session.whoami.required_aal: highest_available} and
 * {@code selfservice.flows.settings.required_aal: highest_available} (the seed's settings): set-up in settings, the
 * 403 {@code session_aal2_required} of an aal1 session, the {@code ?aal=aal2} login upgrading it, single-use codes,
 * unlinking; API flows over HTTP and the official client, browser flows with a cookie jar.
 */
class SecondFactorTest {
  static final String PASSWORD = "correct horse battery 9";
  static TestIdentity identity;

  @BeforeAll
  static void start() throws Exception {
    identity = new TestIdentity("""
        selfservice:
          methods:
            totp: {enabled: true, config: {issuer: Portcullis Test}}
            lookup_secret: {enabled: true}
          flows:
            settings: {required_aal: highest_available}
        session:
          whoami: {required_aal: highest_available}
        """);
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  @Test
  void totpSetUpAal2LoginRecoveryCodesAndUnlinking() throws Exception {
    String email = "mfa@example.com";
    createIdentity(email);
    String first = apiLogin(email).getString("session_token");
    // No second factor yet: aal1 is the highest available, whoami answers.
    JsonObject me = whoami(first, 200);
    assertThat(me.getString("authenticator_assurance_level")).isEqualTo("aal1");

    // Settings through the official client: it must parse the img node.
    FrontendApi frontend = new FrontendApi(new ApiClient().setBasePath(identity.publicUrl()));
    var clientFlow = frontend.createNativeSettingsFlow(first);
    var qr = clientFlow.getUi().getNodes().stream().filter(n -> n.getAttributes().getActualInstance()
        instanceof UiNodeImageAttributes).findFirst().orElseThrow();
    UiNodeImageAttributes img = qr.getAttributes().getUiNodeImageAttributes();
    assertThat(img.getId()).isEqualTo("totp_qr");
    assertThat(img.getWidth()).isEqualTo(256);
    assertThat(img.getSrc()).startsWith("data:image/png;base64,");
    var png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(img.getSrc().substring(22))));
    assertThat(png.getWidth()).isEqualTo(256);
    assertThat(qr.getMeta().getLabel().getId()).isEqualTo(1050005L);

    JsonObject flow = apiSettingsFlow(first);
    String secret = textNode(flow, "totp_secret_key").getJsonObject("attributes").getJsonObject("text")
        .getJsonObject("context").getString("secret");
    assertThat(secret).matches("[A-Z2-7]{32}");
    HttpResponse<String> r = submit("settings", flow, first, new JsonObject().put("method", "totp")
        .put("totp_code", wrongCode(secret)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(nodeMessageIds(new JsonObject(r.body()), "totp_code")).containsExactly(4000008L);
    r = submit("settings", flow, first, new JsonObject().put("method", "totp").put("totp_code", code(secret)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("state")).isEqualTo("success");
    // Proving the code in settings made this session aal2, as in Kratos.
    assertThat(whoami(first, 200).getString("authenticator_assurance_level")).isEqualTo("aal2");

    // A new password login is aal1 while the identity has TOTP: whoami refuses it, the login hides the identity.
    JsonObject second = apiLogin(email);
    assertThat(second.getJsonObject("session").containsKey("identity")).isFalse();
    String token = second.getString("session_token");
    JsonObject refused = whoami(token, 403);
    assertThat(refused.getJsonObject("error").getString("id")).isEqualTo("session_aal2_required");
    assertThat(refused.getJsonObject("error").getString("message"))
        .isEqualTo("Session does not fulfill the requested Authenticator Assurance Level");
    String aal2Login = identity.publicUrl() + "/self-service/login/browser?aal=aal2";
    assertThat(refused.getString("redirect_browser_to")).isEqualTo(aal2Login);
    assertThat(refused.getJsonObject("error").getJsonObject("details").getString("redirect_browser_to"))
        .isEqualTo(aal2Login);
    // The edge's own whoami (answered from the database on a cache miss) refuses it alike.
    SessionReader reader = SessionReader.open(identity.vertx, identity.config);
    try {
      SessionReader.Answer edge = reader.whoami(Map.of("X-Session-Token", List.of(token))).await();
      assertThat(edge.status()).isEqualTo(403);
      assertThat(new JsonObject(edge.body())).isEqualTo(refused);
      assertThat(reader.whoami(Map.of("X-Session-Token", List.of(first))).await().status()).isEqualTo(200);
    } finally {
      reader.close().await();
    }
    // Settings with required_aal highest_available refuse it too.
    r = new Browser().get(identity.publicUrl() + "/self-service/settings/api", "X-Session-Token", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(BrowserFlowsTest.errorId(r)).isEqualTo("session_aal2_required");

    // The second step: ?aal=aal2 for the session, a wrong code, then the right one.
    JsonObject login = apiFlow("login", "?aal=aal2", token);
    assertThat(login.getString("requested_aal")).isEqualTo("aal2");
    assertThat(uiMessageIds(login)).containsExactly(1010004L);
    assertThat(node(login, "totp_code").getJsonObject("meta").getJsonObject("label").getLong("id"))
        .isEqualTo(1010006L);
    r = submit("login", login, token, new JsonObject().put("method", "totp").put("totp_code", wrongCode(secret)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(uiMessageIds(new JsonObject(r.body()))).containsExactly(4000008L);
    r = submit("login", login, token, new JsonObject().put("method", "totp").put("totp_code", code(secret)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("session_token")).isEqualTo(token);
    me = whoami(token, 200);
    assertThat(me.getString("authenticator_assurance_level")).isEqualTo("aal2");
    assertThat(methods(me)).containsExactly("password:aal1", "totp:aal2");
    assertThat(new FrontendApi(new ApiClient().setBasePath(identity.publicUrl())).toSession(token, null, null)
        .getAuthenticatorAssuranceLevel().getValue()).isEqualTo("aal2");
    // An aal2 session cannot start another upgrade.
    r = new Browser().get(identity.publicUrl() + "/self-service/login/api?aal=aal2", "X-Session-Token", token);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(BrowserFlowsTest.errorId(r)).isEqualTo("session_already_available");

    // Recovery codes: generate, confirm, then each one works once.
    flow = apiSettingsFlow(token);
    assertThat(node(flow, "lookup_secret_regenerate").getJsonObject("meta").getJsonObject("label").getLong("id"))
        .isEqualTo(1050008L);
    r = submit("settings", flow, token, new JsonObject().put("lookup_secret_regenerate", true));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject shown = new JsonObject(r.body());
    List<String> codes = lookupCodes(shown);
    assertThat(codes).hasSize(12).allMatch(c -> c.matches("[a-z0-9]{8}"));
    node(shown, "lookup_secret_confirm");
    r = submit("settings", shown, token, new JsonObject().put("lookup_secret_confirm", true));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("state")).isEqualTo("success");

    String third = apiLogin(email).getString("session_token");
    login = apiFlow("login", "?aal=aal2", third);
    node(login, "lookup_secret");
    r = submit("login", login, third, new JsonObject().put("method", "lookup_secret").put("lookup_secret", "nope1234"));
    assertThat(uiMessageIds(new JsonObject(r.body()))).containsExactly(4000016L);
    r = submit("login", login, third, new JsonObject().put("method", "lookup_secret")
        .put("lookup_secret", codes.get(0)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(methods(whoami(third, 200))).containsExactly("password:aal1", "lookup_secret:aal2");
    String fourth = apiLogin(email).getString("session_token");
    login = apiFlow("login", "?aal=aal2", fourth);
    r = submit("login", login, fourth, new JsonObject().put("method", "lookup_secret")
        .put("lookup_secret", codes.get(0)));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(uiMessageIds(new JsonObject(r.body()))).containsExactly(4000012L);
    whoami(fourth, 403);

    // Reveal shows the used code as used.
    flow = apiSettingsFlow(token);
    r = submit("settings", flow, token, new JsonObject().put("lookup_secret_reveal", true));
    JsonObject revealed = textNode(new JsonObject(r.body()), "lookup_secret_codes");
    assertThat(revealed.getJsonObject("attributes").getJsonObject("text").getString("text"))
        .startsWith("used, " + codes.get(1) + ", ");

    // Unlinking TOTP keeps the recovery codes; the credentials in the admin API say so (config hidden).
    flow = apiSettingsFlow(token);
    r = submit("settings", flow, token, new JsonObject().put("totp_unlink", true));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String id = me.getJsonObject("identity").getString("id");
    JsonObject admin = new JsonObject(new Browser().get(identity.adminUrl() + "/admin/identities/" + id).body());
    assertThat(admin.getJsonObject("credentials").fieldNames()).containsExactlyInAnyOrder("password",
        "lookup_secret");
    assertThat(admin.getJsonObject("credentials").getJsonObject("lookup_secret").getJsonArray("identifiers"))
        .containsExactly(id);
    assertThat(admin.getJsonObject("credentials").getJsonObject("lookup_secret").getJsonObject("config")).isEmpty();
    JsonObject declassified = new JsonObject(new Browser().get(identity.adminUrl() + "/admin/identities/" + id
        + "?include_credential=lookup_secret&include_credential=password").body());
    JsonArray stored = declassified.getJsonObject("credentials").getJsonObject("lookup_secret")
        .getJsonObject("config").getJsonArray("recovery_codes");
    assertThat(stored).hasSize(12);
    assertThat(stored.getJsonObject(0).getString("code")).isEqualTo(codes.get(0));
    assertThat(stored.getJsonObject(0).getString("used_at")).isNotNull();
    assertThat(stored.getJsonObject(1).getValue("used_at")).isNull();
    assertThat(declassified.getJsonObject("credentials").getJsonObject("password").getJsonObject("config"))
        .isEmpty();
    r = new Browser().get(identity.adminUrl() + "/admin/identities/" + id + "?include_credential=totp"
        + "&include_credential=nope");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("reason"))
        .isEqualTo("Invalid value `[totp]` for parameter `include_credential`.");
    // A fresh settings form offers a new TOTP key again.
    textNode(apiSettingsFlow(token), "totp_secret_key");
  }

  @Test
  void theOfficialClientTakesTheSecondStep() throws Exception {
    String email = "client-mfa@example.com";
    createIdentity(email);
    String setup = apiLogin(email).getString("session_token");
    String secret = enrolTotp(setup);

    FrontendApi frontend = new FrontendApi(new ApiClient().setBasePath(identity.publicUrl()));
    var first = frontend.updateLoginFlow(frontend.createNativeLoginFlow(null, null, null, null, null, null, null,
        null).getId(), new UpdateLoginFlowBody(new UpdateLoginFlowWithPasswordMethod().method("password")
        .identifier(email).password(PASSWORD)), null, null);
    assertThat(first.getSession().getIdentity()).isNull();
    String token = first.getSessionToken();
    var second = frontend.createNativeLoginFlow(null, "aal2", token, null, null, null, null, null);
    assertThat(second.getRequestedAal().getValue()).isEqualTo("aal2");
    var done = frontend.updateLoginFlow(second.getId(), new UpdateLoginFlowBody(new UpdateLoginFlowWithTotpMethod()
        .method("totp").totpCode(code(secret))), token, null);
    assertThat(done.getSession().getAuthenticatorAssuranceLevel().getValue()).isEqualTo("aal2");
    // An expired second step is replaced by a second step (410 with the new flow's id).
    String third = apiLogin(email).getString("session_token");
    JsonObject step = apiFlow("login", "?aal=aal2", third);
    identity.role.pool().preparedQuery("UPDATE selfservice_flows SET expires_at = now() - interval '1 minute' "
        + "WHERE id = $1").execute(io.vertx.sqlclient.Tuple.of(java.util.UUID.fromString(step.getString("id"))))
        .await();
    HttpResponse<String> r = submit("login", step, third, new JsonObject().put("method", "totp")
        .put("totp_code", code(secret)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(410);
    String replacement = new JsonObject(r.body()).getString("use_flow_id");
    JsonObject again = new JsonObject(new Browser().get(identity.publicUrl() + "/self-service/login/flows?id="
        + replacement, "X-Session-Token", third).body());
    assertThat(again.getString("requested_aal")).isEqualTo("aal2");
    node(again, "totp_code");
    assertThat(frontend.toSession(token, null, null).getIdentity().getTraits()).isNotNull();
  }

  /**
   * With {@code login.after.hooks: [revoke_active_sessions]} (no OpenID Connect configured) the hook runs for the
   * password login, ending the identity's other sessions, and for the TOTP second step, which must keep the session
   * it upgrades.
   */
  @Test
  void theSecondStepKeepsItsSessionUnderRevokeActiveSessions() throws Exception {
    TestIdentity plain = identity;
    // The helpers below talk to the static identity: point it at a role with the login after-hook for this test.
    identity = new TestIdentity("""
        selfservice:
          methods:
            totp: {enabled: true}
          flows:
            login:
              after:
                hooks: [{hook: revoke_active_sessions}]
        session:
          whoami: {required_aal: highest_available}
        """);
    try {
      String email = "hooked-mfa@example.com";
      createIdentity(email);
      String setup = apiLogin(email).getString("session_token");
      String secret = enrolTotp(setup);

      // The password login's hook ends the set-up session.
      String token = apiLogin(email).getString("session_token");
      whoami(setup, 401);
      assertThat(whoami(token, 403).getJsonObject("error").getString("id")).isEqualTo("session_aal2_required");

      // The second step runs the hook with method totp and keeps the session it upgrades (same token).
      JsonObject step = apiFlow("login", "?aal=aal2", token);
      HttpResponse<String> r = submit("login", step, token, new JsonObject().put("method", "totp")
          .put("totp_code", code(secret)));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(new JsonObject(r.body()).getString("session_token")).isEqualTo(token);
      JsonObject me = whoami(token, 200);
      assertThat(me.getString("authenticator_assurance_level")).isEqualTo("aal2");
      assertThat(me.getBoolean("active")).isTrue();
      assertThat(methods(me)).containsExactly("password:aal1", "totp:aal2");
    } finally {
      identity.close();
      identity = plain;
    }
  }

  @Test
  void aal2NeedsASession() throws Exception {
    HttpResponse<String> r = new Browser().get(identity.publicUrl() + "/self-service/login/api?aal=aal2");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(BrowserFlowsTest.errorId(r)).isEqualTo("session_aal1_required");
    r = new Browser().get(identity.publicUrl() + "/self-service/login/api?aal=aal3");
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void browserIsSentToTheSecondStepAfterThePassword() throws Exception {
    String email = "browser-mfa@example.com";
    createIdentity(email);
    // Enrol TOTP through an API session of the same identity.
    String setup = apiLogin(email).getString("session_token");
    String secret = enrolTotp(setup);

    Browser b = new Browser();
    String returnTo = identity.publicUrl() + "/ui/welcome";
    JsonObject flow = init(b, identity, "login", "?return_to=" + Browser.enc(returnTo));
    HttpResponse<String> r = b.postForm(action(flow), form(flow, "method", "password", "identifier", email,
        "password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).contains(identity.publicUrl()
        + "/self-service/login/browser?aal=aal2&return_to=" + Browser.enc(returnTo));
    assertThat(b.cookie(SESSION_COOKIE)).isPresent();
    assertThat(b.getJson(identity.publicUrl() + "/sessions/whoami").statusCode()).isEqualTo(403);
    // Settings in a browser go to the second step as well, coming back to settings.
    r = b.get(identity.publicUrl() + "/self-service/settings/browser");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith(identity.publicUrl()
        + "/self-service/login/browser?aal=aal2&return_to=");

    flow = init(b, identity, "login", "?aal=aal2&return_to=" + Browser.enc(returnTo));
    String page = b.get(identity.publicUrl() + "/ui/login?flow=" + flow.getString("id")).body();
    assertThat(page).contains("name=\"totp_code\"").contains("Use Authenticator")
        .doesNotContain("name=\"password\"");
    r = b.postForm(action(flow), form(flow, "method", "totp", "totp_code", code(secret)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).contains(returnTo);
    JsonObject me = new JsonObject(b.getJson(identity.publicUrl() + "/sessions/whoami").body());
    assertThat(me.getString("authenticator_assurance_level")).isEqualTo("aal2");
    assertThat(methods(me)).containsExactly("password:aal1", "totp:aal2");
    // Now settings open, with the unlink button and the recovery codes' generate button.
    r = b.get(identity.publicUrl() + "/self-service/settings/browser");
    assertThat(r.statusCode()).isEqualTo(303);
    page = b.get(r.headers().firstValue("Location").orElseThrow()).body();
    assertThat(page).contains("name=\"totp_unlink\"").contains("name=\"lookup_secret_regenerate\"")
        .contains("Backup recovery codes");
  }

  /**
   * The seed's redirect loop (Portcullis only): a browser login started without {@code aal} by an aal1 session that
   * whoami refuses takes the second step instead of Kratos' "already logged in" redirect back to {@code return_to};
   * an explicit {@code aal=aal1}, the API flow and an aal2 session keep Kratos' answer.
   */
  @Test
  void aBrowserLoginWithoutAalByARefusedSessionTakesTheSecondStep() throws Exception {
    String email = "loop-mfa@example.com";
    createIdentity(email);
    String secret = enrolTotp(apiLogin(email).getString("session_token"));
    Browser b = new Browser();
    JsonObject flow = init(b, identity, "login", "");
    assertThat(b.postForm(action(flow), form(flow, "method", "password", "identifier", email, "password", PASSWORD))
        .statusCode()).isEqualTo(303);
    assertThat(b.getJson(identity.publicUrl() + "/sessions/whoami").statusCode()).isEqualTo(403);
    String returnTo = identity.publicUrl() + "/ui/welcome";
    String login = identity.publicUrl() + "/self-service/login/browser?return_to=" + Browser.enc(returnTo);

    HttpResponse<String> r = b.get(identity.publicUrl() + "/self-service/login/browser?aal=aal1&return_to="
        + Browser.enc(returnTo));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue(returnTo);
    String token = apiLogin(email).getString("session_token");
    r = new Browser().get(identity.publicUrl() + "/self-service/login/api", "X-Session-Token", token);
    assertThat(BrowserFlowsTest.errorId(r)).isEqualTo("session_already_available");

    flow = init(b, identity, "login", "?return_to=" + Browser.enc(returnTo));
    assertThat(flow.getString("requested_aal")).isEqualTo("aal2");
    assertThat(uiMessageIds(flow)).containsExactly(1010004L);
    node(flow, "totp_code");
    r = b.postForm(action(flow), form(flow, "method", "totp", "totp_code", code(secret)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue(returnTo);
    assertThat(new JsonObject(b.getJson(identity.publicUrl() + "/sessions/whoami").body())
        .getString("authenticator_assurance_level")).isEqualTo("aal2");
    // Satisfied now: "already logged in", back to return_to, as Kratos.
    r = b.get(login);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue(returnTo);
  }

  static void createIdentity(String email) throws Exception {
    new IdentityApi(new ApiClient().setBasePath(identity.adminUrl())).createIdentity(new CreateIdentityBody()
        .schemaId("default").traits(Map.of("email", email)).credentials(new IdentityWithCredentials()
            .password(new IdentityWithCredentialsPassword().config(new IdentityWithCredentialsPasswordConfig()
                .password(PASSWORD)))));
  }

  /** A password login through the API flow: {@code {session_token, session}}. */
  static JsonObject apiLogin(String email) throws Exception {
    JsonObject flow = apiFlow("login", "", null);
    HttpResponse<String> r = submit("login", flow, null, new JsonObject().put("method", "password")
        .put("identifier", email).put("password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  /** Sets up TOTP in settings for the holder of {@code token}; the key's base32 secret. */
  static String enrolTotp(String token) throws Exception {
    JsonObject flow = apiSettingsFlow(token);
    String secret = textNode(flow, "totp_secret_key").getJsonObject("attributes").getJsonObject("text")
        .getJsonObject("context").getString("secret");
    assertThat(submit("settings", flow, token, new JsonObject().put("method", "totp").put("totp_code",
        code(secret))).statusCode()).isEqualTo(200);
    return secret;
  }

  static JsonObject apiSettingsFlow(String token) throws Exception {
    return apiFlow("settings", "", token);
  }

  static JsonObject apiFlow(String kind, String query, String token) throws Exception {
    HttpResponse<String> r = token == null
        ? new Browser().get(identity.publicUrl() + "/self-service/" + kind + "/api" + query)
        : new Browser().get(identity.publicUrl() + "/self-service/" + kind + "/api" + query, "X-Session-Token", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  static HttpResponse<String> submit(String kind, JsonObject flow, String token, JsonObject body) throws Exception {
    String url = identity.publicUrl() + "/self-service/" + kind + "?flow=" + flow.getString("id");
    return token == null ? new Browser().postJson(url, body, "Accept", "application/json")
        : new Browser().postJson(url, body, "Accept", "application/json", "X-Session-Token", token);
  }

  static JsonObject whoami(String token, int status) throws Exception {
    HttpResponse<String> r = new Browser().get(identity.publicUrl() + "/sessions/whoami", "X-Session-Token", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  static JsonObject textNode(JsonObject flow, String id) {
    for (Object o : flow.getJsonObject("ui").getJsonArray("nodes")) {
      JsonObject n = (JsonObject) o;
      if (id.equals(n.getJsonObject("attributes").getString("id"))) {
        return n;
      }
    }
    throw new AssertionError("no node " + id + " in " + flow.encodePrettily());
  }

  static List<String> lookupCodes(JsonObject flow) {
    JsonArray secrets = textNode(flow, "lookup_secret_codes").getJsonObject("attributes").getJsonObject("text")
        .getJsonObject("context").getJsonArray("secrets");
    List<String> out = new ArrayList<>();
    secrets.forEach(m -> out.add(((JsonObject) m).getJsonObject("context").getString("secret")));
    return out;
  }

  static List<String> methods(JsonObject session) {
    List<String> out = new ArrayList<>();
    session.getJsonArray("authentication_methods").forEach(m -> out.add(((JsonObject) m).getString("method") + ":"
        + ((JsonObject) m).getString("aal")));
    return out;
  }

  static String code(String secret) {
    return TotpCodes.at(secret, System.currentTimeMillis() / 1000);
  }

  /** A code of a step far from now: never accepted. */
  static String wrongCode(String secret) {
    return TotpCodes.at(secret, System.currentTimeMillis() / 1000 - 3600);
  }
}
