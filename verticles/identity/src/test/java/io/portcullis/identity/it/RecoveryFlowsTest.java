package io.portcullis.identity.it;

import static io.portcullis.identity.it.Browser.flowId;
import static io.portcullis.identity.it.Browser.node;
import static io.portcullis.identity.it.Browser.nodeMessageIds;
import static io.portcullis.identity.it.Browser.nodeValue;
import static io.portcullis.identity.it.Browser.uiMessageIds;
import static io.portcullis.identity.it.BrowserFlowsTest.action;
import static io.portcullis.identity.it.BrowserFlowsTest.errorId;
import static io.portcullis.identity.it.BrowserFlowsTest.fetchFlow;
import static io.portcullis.identity.it.BrowserFlowsTest.form;
import static io.portcullis.identity.it.BrowserFlowsTest.init;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.portcullis.identity.TestIdentity;
import io.portcullis.identity.courier.Letter;
import io.portcullis.identity.courier.RecordingCourier;
import io.portcullis.identity.courier.TemplateType;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sh.ory.kratos.ApiClient;
import sh.ory.kratos.ApiException;
import sh.ory.kratos.api.FrontendApi;
import sh.ory.kratos.api.IdentityApi;
import sh.ory.kratos.model.ContinueWith;
import sh.ory.kratos.model.CreateIdentityBody;
import sh.ory.kratos.model.CreateRecoveryCodeForIdentityBody;
import sh.ory.kratos.model.CreateRecoveryLinkForIdentityBody;
import sh.ory.kratos.model.IdentityWithCredentials;
import sh.ory.kratos.model.IdentityWithCredentialsPassword;
import sh.ory.kratos.model.IdentityWithCredentialsPasswordConfig;
import sh.ory.kratos.model.RecoveryFlow;
import sh.ory.kratos.model.UpdateLoginFlowBody;
import sh.ory.kratos.model.UpdateLoginFlowWithPasswordMethod;
import sh.ory.kratos.model.UpdateRecoveryFlowBody;
import sh.ory.kratos.model.UpdateRecoveryFlowWithCodeMethod;

/**
 * Recovery end to end against PostgreSQL, mail recorded by a courier that keeps what committed: by link and by code,
 * in a browser (cookie jar, 303s, CSRF) and through the official Kratos client, single use, expiry, the attempt
 * limit, unknown addresses with and without {@code notify_unknown_recipients}, the admin link and code, Kratos'
 * message ids, and both ways Kratos answers a completed code (with and without continue_with transitions).
 */
class RecoveryFlowsTest {
  static final String PASSWORD = "correct horse battery 9";
  static final String NEW_PASSWORD = "a new and better passphrase 7";
  static final String APP = "http://127.0.0.1:65011";
  static final RecordingCourier MAIL = new RecordingCourier();
  /** Recovery by code (Kratos' default), continue_with transitions on, unknown recipients are told. */
  static TestIdentity code;
  /** Recovery by link, Kratos' older answers, unknown recipients hear nothing. */
  static TestIdentity link;

  @BeforeAll
  static void start() throws Exception {
    code = new TestIdentity("""
        secrets: {default: ["a recovery test secret of 32 chars+"]}
        feature_flags: {use_continue_with_transitions: true}
        selfservice:
          allowed_return_urls: ["%s/"]
          flows:
            recovery: {enabled: true, notify_unknown_recipients: true}
          methods:
            link: {enabled: true}
        """.formatted(APP), MAIL);
    link = new TestIdentity("""
        selfservice:
          allowed_return_urls: ["%s/"]
          flows:
            recovery: {enabled: true, use: link, after: {default_browser_return_url: "%s/after-recovery"}}
          methods:
            link: {enabled: true, config: {lifespan: 15m}}
        """.formatted(APP, APP), MAIL);
  }

  @AfterAll
  static void stop() {
    code.close();
    link.close();
  }

  static FrontendApi frontend(TestIdentity id) {
    return new FrontendApi(new ApiClient().setBasePath(id.publicUrl()));
  }

  static IdentityApi admin(TestIdentity id) {
    return new IdentityApi(new ApiClient().setBasePath(id.adminUrl()));
  }

  /** An identity with {@code email}, and a password unless {@code password} is null; returns its id. */
  static String identity(TestIdentity id, String email, String password) throws ApiException {
    CreateIdentityBody body = new CreateIdentityBody().schemaId("default").traits(Map.of("email", email));
    if (password != null) {
      body.credentials(new IdentityWithCredentials().password(new IdentityWithCredentialsPassword()
          .config(new IdentityWithCredentialsPasswordConfig().password(password))));
    }
    return admin(id).createIdentity(body).getId();
  }

  static boolean canLogIn(TestIdentity id, String email, String password) throws ApiException {
    var flow = frontend(id).createNativeLoginFlow(null, null, null, null, null, null, null, null);
    try {
      frontend(id).updateLoginFlow(flow.getId(), new UpdateLoginFlowBody(new UpdateLoginFlowWithPasswordMethod()
          .method("password").identifier(email).password(password)), null, null);
      return true;
    } catch (ApiException e) {
      assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(400);
      return false;
    }
  }

  static UpdateRecoveryFlowBody byCode(String email, String code) {
    return new UpdateRecoveryFlowBody(new UpdateRecoveryFlowWithCodeMethod()
        .method(UpdateRecoveryFlowWithCodeMethod.MethodEnum.CODE).email(email).code(code));
  }

  static List<String> nodeNames(JsonObject flow) {
    return flow.getJsonObject("ui").getJsonArray("nodes").stream()
        .map(n -> ((JsonObject) n).getJsonObject("attributes").getString("name")).toList();
  }

  static String location(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    return r.headers().firstValue("Location").orElseThrow();
  }

  /** Sets a new password in the settings flow {@code settingsFlowId} the browser was sent to after recovery. */
  static HttpResponse<String> changePassword(Browser b, TestIdentity id, String settingsFlowId) throws Exception {
    JsonObject settings = fetchFlow(b, id, "settings", settingsFlowId);
    assertThat(uiMessageIds(settings)).containsExactly(1060001L);
    return b.postForm(action(settings), form(settings, "method", "password", "password", NEW_PASSWORD));
  }

  @Test
  void aBrowserRecoversByLinkOnceAndSetsANewPassword() throws Exception {
    String email = "link-recovery@example.com";
    String identityId = identity(link, email, PASSWORD);
    Browser b = new Browser();
    JsonObject flow = init(b, link, "recovery", "");
    assertThat(flow.getString("state")).isEqualTo("choose_method");
    assertThat(flow.getString("active")).isEqualTo("link");
    assertThat(nodeNames(flow)).containsExactly("csrf_token", "email", "method");
    assertThat(node(flow, "email").getString("group")).isEqualTo("link");
    assertThat(node(flow, "method").getJsonObject("meta").getJsonObject("label").getLong("id")).isEqualTo(1070009L);

    String back = location(b.postForm(action(flow), form(flow, "email", email, "method", "link")));
    assertThat(back).isEqualTo(link.publicUrl() + "/ui/recovery?flow=" + flow.getString("id"));
    JsonObject sent = fetchFlow(b, link, "recovery", flow.getString("id"));
    assertThat(sent.getString("state")).isEqualTo("sent_email");
    assertThat(uiMessageIds(sent)).containsExactly(1060002L);
    assertThat(nodeValue(sent, "email")).isEqualTo(email);

    Letter letter = MAIL.await(email, TemplateType.RECOVERY_VALID);
    String url = letter.data().getString("RecoveryURL");
    assertThat(url).matches(java.util.regex.Pattern.quote(link.publicUrl() + "/self-service/recovery?flow="
        + flow.getString("id") + "&token=") + "[A-Za-z0-9]{32}");
    assertThat(letter.data().getLong("ExpiresInMinutes")).isEqualTo(15L);
    assertThat(letter.data().getJsonObject("Identity").getString("id")).isEqualTo(identityId);

    // The link is opened in another browser (a mail client's): it gets the session and the settings page.
    Browser mailClient = new Browser();
    String settingsPage = location(mailClient.get(url));
    assertThat(settingsPage).startsWith(link.publicUrl() + "/ui/settings?flow=");
    JsonObject me = new JsonObject(mailClient.get(link.publicUrl() + "/sessions/whoami").body());
    assertThat(me.getJsonArray("authentication_methods").getJsonObject(0).getString("method"))
        .isEqualTo("link_recovery");
    assertThat(me.getJsonObject("identity").getJsonArray("verifiable_addresses").getJsonObject(0)
        .getBoolean("verified")).as("recovering by mail proves the address").isTrue();
    JsonObject settings = fetchFlow(mailClient, link, "settings", flowId(settingsPage));
    assertThat(settings.getString("return_to")).isEqualTo(APP + "/after-recovery");
    assertThat(location(changePassword(mailClient, link, flowId(settingsPage)))).isEqualTo(APP + "/after-recovery");
    assertThat(canLogIn(link, email, NEW_PASSWORD)).isTrue();
    assertThat(canLogIn(link, email, PASSWORD)).isFalse();

    // A link works once.
    String again = location(mailClient.get(url));
    assertThat(again).startsWith(link.publicUrl() + "/ui/recovery?flow=").doesNotContain(flow.getString("id"));
    assertThat(uiMessageIds(fetchFlow(mailClient, link, "recovery", flowId(again)))).containsExactly(4060004L);
    // And a made-up token does not work at all.
    String forged = location(mailClient.get(link.publicUrl() + "/self-service/recovery?flow=" + flow.getString("id")
        + "&token=" + "A".repeat(32)));
    assertThat(uiMessageIds(fetchFlow(mailClient, link, "recovery", flowId(forged)))).containsExactly(4060004L);
  }

  @Test
  void aBrowserRecoversByCode() throws Exception {
    String email = "code-recovery@example.com";
    identity(code, email, PASSWORD);
    Browser b = new Browser();
    JsonObject flow = init(b, code, "recovery", "");
    assertThat(flow.getString("active")).isEqualTo("code");
    assertThat(nodeNames(flow)).containsExactly("csrf_token", "email", "method");
    assertThat(node(flow, "email").getString("group")).isEqualTo("code");

    location(b.postForm(action(flow), form(flow, "email", email, "method", "code")));
    JsonObject sent = fetchFlow(b, code, "recovery", flow.getString("id"));
    assertThat(sent.getString("state")).isEqualTo("sent_email");
    assertThat(uiMessageIds(sent)).containsExactly(1060003L);
    // Kratos' snapshot: csrf, code, hidden method, Continue, Resend (the address typed).
    assertThat(nodeNames(sent)).containsExactly("csrf_token", "code", "method", "method", "email");
    JsonObject codeAttributes = node(sent, "code").getJsonObject("attributes");
    assertThat(codeAttributes.getString("pattern")).isEqualTo("[0-9]+");
    assertThat(codeAttributes.getInteger("maxlength")).isEqualTo(6);
    assertThat(node(sent, "email").getJsonObject("meta").getJsonObject("label").getLong("id")).isEqualTo(1070008L);

    String recoveryCode = MAIL.await(email, TemplateType.RECOVERY_CODE_VALID).data().getString("RecoveryCode");
    assertThat(recoveryCode).matches("[0-9]{6}");
    String settingsPage = location(b.postForm(action(sent), form(sent, "code", recoveryCode, "method", "code")));
    assertThat(settingsPage).startsWith(code.publicUrl() + "/ui/settings?flow=");
    JsonObject me = new JsonObject(b.get(code.publicUrl() + "/sessions/whoami").body());
    assertThat(me.getJsonArray("authentication_methods").getJsonObject(0).getString("method"))
        .isEqualTo("code_recovery");
    assertThat(location(changePassword(b, code, flowId(settingsPage)))).startsWith(code.publicUrl() + "/ui/settings");
    assertThat(canLogIn(code, email, NEW_PASSWORD)).isTrue();
  }

  @Test
  void aNativeAppRecoversByCodeWithTheKratosClient() throws Exception {
    String email = "native-recovery@example.com";
    String identityId = identity(code, email, PASSWORD);
    FrontendApi api = frontend(code);
    RecoveryFlow flow = api.createNativeRecoveryFlow();
    assertThat(flow.getType()).isEqualTo("api");
    assertThat(flow.getActive()).isEqualTo("code");
    RecoveryFlow sent = api.updateRecoveryFlow(flow.getId(), byCode(email, null), null, null);
    assertThat(sent.getState()).isEqualTo("sent_email");
    assertThat(sent.getUi().getMessages()).extracting(m -> m.getId()).containsExactly(1060003L);

    String recoveryCode = MAIL.await(email, TemplateType.RECOVERY_CODE_VALID).data().getString("RecoveryCode");
    RecoveryFlow done = api.updateRecoveryFlow(flow.getId(), byCode(null, recoveryCode), null, null);
    assertThat(done.getState()).isEqualTo("passed_challenge");
    List<ContinueWith> next = done.getContinueWith();
    assertThat(next).hasSize(2);
    String token = next.get(0).getContinueWithSetOrySessionToken().getOrySessionToken();
    var settingsFlow = next.get(1).getContinueWithSettingsUi().getFlow();
    assertThat(settingsFlow.getUrl()).isEqualTo(code.publicUrl() + "/ui/settings?flow=" + settingsFlow.getId());

    var session = api.toSession(token, null, null);
    assertThat(session.getIdentity().getId()).isEqualTo(identityId);
    assertThat(session.getAuthenticationMethods()).extracting(m -> m.getMethod().getValue())
        .containsExactly("code_recovery");
    var settings = api.getSettingsFlow(settingsFlow.getId(), token, null);
    assertThat(settings.getUi().getMessages()).extracting(m -> m.getId()).containsExactly(1060001L);

    // The code is used up: the passed flow refuses it, and a new flow does not know it.
    ApiException e = catchThrowableOfType(() -> api.updateRecoveryFlow(flow.getId(), byCode(null, recoveryCode),
        null, null), ApiException.class);
    assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(400);
    assertThat(new JsonObject(e.getResponseBody()).getJsonObject("error").getString("reason"))
        .isEqualTo("The code was already used. Please request another code.");
  }

  @Test
  void aFlowTakesFiveCodesAtMost() throws Exception {
    String email = "guesser@example.com";
    identity(code, email, PASSWORD);
    FrontendApi api = frontend(code);
    RecoveryFlow flow = api.createNativeRecoveryFlow();
    api.updateRecoveryFlow(flow.getId(), byCode(email, null), null, null);
    String real = MAIL.await(email, TemplateType.RECOVERY_CODE_VALID).data().getString("RecoveryCode");
    String wrong = real.equals("123456") ? "654321" : "123456";
    for (int i = 0; i < 5; i++) {
      RecoveryFlow refused = api.updateRecoveryFlow(flow.getId(), byCode(null, wrong), null, null);
      assertThat(refused.getId()).isEqualTo(flow.getId());
      assertThat(refused.getUi().getMessages()).extracting(m -> m.getId()).containsExactly(4060006L);
    }
    // The sixth try, even with the right code, gets a new flow to start over with.
    ApiException e = catchThrowableOfType(() -> api.updateRecoveryFlow(flow.getId(), byCode(null, real), null, null),
        ApiException.class);
    assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(400);
    JsonObject error = new JsonObject(e.getResponseBody()).getJsonObject("error");
    assertThat(error.getString("reason")).isEqualTo("The request was submitted too often. Please request another "
        + "code.");
    JsonObject next = error.getJsonObject("details").getJsonArray("continue_with").getJsonObject(0);
    assertThat(next.getString("action")).isEqualTo("show_recovery_ui");
    String replacement = next.getJsonObject("flow").getString("id");
    assertThat(replacement).isNotEqualTo(flow.getId());
    RecoveryFlow fresh = api.getRecoveryFlow(replacement, null);
    assertThat(fresh.getUi().getMessages()).extracting(m -> m.getId()).containsExactly(4000001L);
  }

  @Test
  void unknownAddressesAnswerAlikeAndAreToldOnlyWhenConfigured() throws Exception {
    // Notified (code role): the same answer as for a known address, and a recovery_code_invalid letter.
    String stranger = "nobody-here@example.com";
    FrontendApi api = frontend(code);
    RecoveryFlow flow = api.createNativeRecoveryFlow();
    RecoveryFlow sent = api.updateRecoveryFlow(flow.getId(), byCode(stranger, null), null, null);
    assertThat(sent.getState()).isEqualTo("sent_email");
    assertThat(sent.getUi().getMessages()).extracting(m -> m.getId()).containsExactly(1060003L);
    Letter told = MAIL.await(stranger, TemplateType.RECOVERY_CODE_INVALID);
    assertThat(told.data().getString("To")).isEqualTo(stranger);
    assertThat(told.data().containsKey("RecoveryCode")).isFalse();

    // Not notified (link role): nothing is mailed. A known address asked afterwards shows mail is flowing.
    String other = "nobody-either@example.com";
    Browser b = new Browser();
    JsonObject f = init(b, link, "recovery", "");
    location(b.postForm(action(f), form(f, "email", other, "method", "link")));
    assertThat(uiMessageIds(fetchFlow(b, link, "recovery", f.getString("id")))).containsExactly(1060002L);
    String known = "known-after-stranger@example.com";
    identity(link, known, PASSWORD);
    JsonObject g = init(b, link, "recovery", "");
    location(b.postForm(action(g), form(g, "email", known, "method", "link")));
    MAIL.await(known, TemplateType.RECOVERY_VALID);
    assertThat(MAIL.to(other)).isEmpty();
  }

  @Test
  void formErrorsAndNoStrategyCarryKratosIds() throws Exception {
    Browser b = new Browser();
    JsonObject flow = init(b, code, "recovery", "");
    HttpResponse<String> r = b.postForm(action(flow), form(flow, "method", "code"), "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(nodeMessageIds(new JsonObject(r.body()), "email")).containsExactly(4000002L);
    r = b.postForm(action(flow), form(flow, "method", "code", "email", "not-an-address"), "Accept",
        "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(nodeMessageIds(new JsonObject(r.body()), "email")).containsExactly(4000001L);
    r = b.postForm(action(flow), form(flow, "method", "password", "email", "x@example.com"), "Accept",
        "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(uiMessageIds(new JsonObject(r.body()))).containsExactly(4010005L);
  }

  @Test
  void browserFlowsAreBoundToTheirBrowser() throws Exception {
    Browser alice = new Browser();
    JsonObject flow = init(alice, code, "recovery", "");
    Map<String, String> noToken = form(flow, "email", "csrf@example.com", "method", "code");
    noToken.remove("csrf_token");
    HttpResponse<String> r = alice.postForm(action(flow), noToken, "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(errorId(r)).isEqualTo("security_csrf_violation");

    Browser mallory = new Browser();
    init(mallory, code, "recovery", "");
    r = mallory.postForm(action(flow), form(flow, "email", "csrf@example.com", "method", "code"), "Accept",
        "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    r = mallory.getJson(code.publicUrl() + "/self-service/recovery/flows?id=" + flow.getString("id"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(errorId(r)).isEqualTo("security_csrf_violation");
  }

  @Test
  void whoeverHasASessionCannotStartRecovery() throws Exception {
    String email = "signed-in@example.com";
    identity(code, email, PASSWORD);
    var login = frontend(code).createNativeLoginFlow(null, null, null, null, null, null, null, null);
    String token = frontend(code).updateLoginFlow(login.getId(), new UpdateLoginFlowBody(
        new UpdateLoginFlowWithPasswordMethod().method("password").identifier(email).password(PASSWORD)), null, null)
        .getSessionToken();
    HttpResponse<String> r = new Browser().get(code.publicUrl() + "/self-service/recovery/api", "X-Session-Token",
        token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(errorId(r)).isEqualTo("session_already_available");
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("reason"))
        .isEqualTo("A valid session was detected and thus recovery is not possible.");
  }

  @Test
  void anAdministratorRecoversAnIdentityWithoutPasswordByLink() throws Exception {
    String email = "no-password@example.com";
    String identityId = identity(link, email, null);
    assertThat(canLogIn(link, email, NEW_PASSWORD)).isFalse();
    var created = admin(link).createRecoveryLinkForIdentity(null, new CreateRecoveryLinkForIdentityBody()
        .identityId(identityId).expiresIn("10m"));
    assertThat(created.getRecoveryLink()).startsWith(link.publicUrl() + "/self-service/recovery?flow=")
        .contains("&token=");
    assertThat(Duration.between(OffsetDateTime.now(), created.getExpiresAt()).toMinutes()).isBetween(8L, 10L);

    Browser b = new Browser();
    String settingsPage = location(b.get(created.getRecoveryLink()));
    assertThat(settingsPage).startsWith(link.publicUrl() + "/ui/settings?flow=");
    JsonObject me = new JsonObject(b.get(link.publicUrl() + "/sessions/whoami").body());
    assertThat(me.getJsonObject("identity").getString("id")).isEqualTo(identityId);
    // The session is fresh, so privileged: the password can be set without signing in again.
    HttpResponse<String> changed = changePassword(b, link, flowId(settingsPage));
    assertThat(location(changed)).isEqualTo(APP + "/after-recovery");
    assertThat(canLogIn(link, email, NEW_PASSWORD)).isTrue();
    // An administrator's link proves no address.
    var identity = admin(link).getIdentity(identityId, null);
    assertThat(identity.getVerifiableAddresses().get(0).getVerified()).isFalse();
  }

  @Test
  void anAdministratorRecoversByCodeOnTheRecoveryPage() throws Exception {
    String email = "admin-code@example.com";
    String identityId = identity(code, email, null);
    var created = admin(code).createRecoveryCodeForIdentity(new CreateRecoveryCodeForIdentityBody()
        .identityId(identityId));
    assertThat(created.getRecoveryCode()).matches("[0-9]{6}");
    assertThat(created.getRecoveryLink()).startsWith(code.publicUrl() + "/ui/recovery?flow=");

    // Whoever gets the link opens it in a browser that never saw the flow: no CSRF binding to check.
    Browser b = new Browser();
    HttpResponse<String> page = b.get(created.getRecoveryLink());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("name=\"code\"");
    JsonObject flow = fetchFlow(b, code, "recovery", flowId(created.getRecoveryLink()));
    assertThat(flow.getString("state")).isEqualTo("sent_email");
    assertThat(nodeNames(flow)).containsExactly("code", "method");
    String settingsPage = location(b.postForm(action(flow), Map.of("code", created.getRecoveryCode(), "method",
        "code")));
    assertThat(settingsPage).startsWith(code.publicUrl() + "/ui/settings?flow=");
    assertThat(location(changePassword(b, code, flowId(settingsPage)))).startsWith(code.publicUrl() + "/ui/settings");
    assertThat(canLogIn(code, email, NEW_PASSWORD)).isTrue();
  }

  @Test
  void withoutTransitionsANativeCodeRecoveryAnswers422() throws Exception {
    String identityId = identity(link, "legacy-native@example.com", PASSWORD);
    var created = admin(link).createRecoveryCodeForIdentity(new CreateRecoveryCodeForIdentityBody()
        .identityId(identityId).flowType("api"));
    FrontendApi api = frontend(link);
    String flowId = flowId(created.getRecoveryLink());
    ApiException e = catchThrowableOfType(() -> api.updateRecoveryFlow(flowId, byCode(null,
        created.getRecoveryCode()), null, null), ApiException.class);
    assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(422);
    JsonObject body = new JsonObject(e.getResponseBody());
    assertThat(body.getJsonObject("error").getString("id")).isEqualTo("browser_location_change_required");
    assertThat(body.getString("redirect_browser_to")).startsWith(link.publicUrl() + "/ui/settings?flow=");
  }

  @Test
  void expiredLinksAndCodesStartANewFlow() throws Exception {
    String email = "late@example.com";
    String identityId = identity(code, email, PASSWORD);
    var linkCreated = admin(code).createRecoveryLinkForIdentity(null, new CreateRecoveryLinkForIdentityBody()
        .identityId(identityId).expiresIn("1s"));
    var codeCreated = admin(code).createRecoveryCodeForIdentity(new CreateRecoveryCodeForIdentityBody()
        .identityId(identityId).expiresIn("1s").flowType("api"));
    // Waiting for time itself to pass: both expire a second after they were made.
    Thread.sleep(Math.max(0, Duration.between(OffsetDateTime.now(), codeCreated.getExpiresAt()).toMillis()) + 200);

    Browser b = new Browser();
    String again = location(b.get(linkCreated.getRecoveryLink()));
    assertThat(again).startsWith(code.publicUrl() + "/ui/recovery?flow=");
    assertThat(uiMessageIds(fetchFlow(b, code, "recovery", flowId(again)))).containsExactly(4060005L);

    FrontendApi api = frontend(code);
    ApiException e = catchThrowableOfType(() -> api.updateRecoveryFlow(flowId(codeCreated.getRecoveryLink()),
        byCode(null, codeCreated.getRecoveryCode()), null, null), ApiException.class);
    assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(410);
    JsonObject body = new JsonObject(e.getResponseBody());
    assertThat(body.getJsonObject("error").getString("id")).isEqualTo("self_service_flow_expired");
    RecoveryFlow replacement = api.getRecoveryFlow(body.getString("use_flow_id"), null);
    assertThat(replacement.getType()).isEqualTo("api");
    assertThat(replacement.getUi().getMessages()).extracting(m -> m.getId()).containsExactly(4060005L);
  }

  @Test
  void adminEndpointsAnswerKratosErrors() throws Exception {
    String identityId = identity(link, "admin-errors@example.com", PASSWORD);
    IdentityApi api = admin(link);
    assertThat(reason(() -> api.createRecoveryCodeForIdentity(new CreateRecoveryCodeForIdentityBody()
        .identityId(identityId).expiresIn("not-a-valid-value")), 400)).isEqualTo("Unable to parse \"expires_in\" "
        + "whose format should match \"[0-9]+(ns|us|ms|s|m|h)\" but did not: not-a-valid-value");
    assertThat(reason(() -> api.createRecoveryCodeForIdentity(new CreateRecoveryCodeForIdentityBody()
        .identityId(identityId).expiresIn("-1h")), 400)).isEqualTo("Value from \"expires_in\" must result to a "
        + "future time: -1h0m0s");
    assertThat(reason(() -> api.createRecoveryCodeForIdentity(new CreateRecoveryCodeForIdentityBody()
        .identityId("5b2b9f5c-1f9e-4d2a-8a8e-000000000000")), 404)).isEqualTo("could not find identity");
    assertThat(reason(() -> api.createRecoveryLinkForIdentity(null, new CreateRecoveryLinkForIdentityBody()
        .identityId("5b2b9f5c-1f9e-4d2a-8a8e-000000000000")), 400))
        .isEqualTo("The requested identity id does not exist.");
    assertThat(reason(() -> api.createRecoveryLinkForIdentity(null, new CreateRecoveryLinkForIdentityBody()
        .identityId(identityId).expiresIn("0")), 400)).isEqualTo("Value from \"expires_in\" must be result to a "
        + "future time: 0");
  }

  static String reason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status) {
    ApiException e = catchThrowableOfType(call, ApiException.class);
    assertThat(e).as("the call must fail").isNotNull();
    assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(status);
    return new JsonObject(e.getResponseBody()).getJsonObject("error").getString("reason");
  }

  @Test
  void theLoginPageLinksToRecovery() throws Exception {
    Browser b = new Browser();
    String page = location(b.get(code.publicUrl() + "/self-service/login/browser"));
    HttpResponse<String> html = b.get(page);
    assertThat(html.body()).contains("id=\"link-recovery\"").contains("Forgot password?");
    String start = location(b.get(code.publicUrl() + "/ui/recovery"));
    assertThat(start).isEqualTo(code.publicUrl() + "/self-service/recovery/browser");
    HttpResponse<String> form = b.get(location(b.get(start)));
    assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
    assertThat(form.body()).contains("Recover your account").contains("name=\"email\"").contains("id=\"link-login\"");
  }
}
