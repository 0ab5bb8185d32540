package io.portcullis.identity.it;

import static io.portcullis.identity.it.Browser.flowId;
import static io.portcullis.identity.it.Browser.nodeValue;
import static io.portcullis.identity.it.Browser.uiMessageIds;
import static io.portcullis.identity.it.BrowserFlowsTest.action;
import static io.portcullis.identity.it.BrowserFlowsTest.errorId;
import static io.portcullis.identity.it.BrowserFlowsTest.fetchFlow;
import static io.portcullis.identity.it.BrowserFlowsTest.form;
import static io.portcullis.identity.it.BrowserFlowsTest.init;
import static io.portcullis.identity.it.BrowserFlowsTest.register;
import static io.portcullis.identity.it.RecoveryFlowsTest.admin;
import static io.portcullis.identity.it.RecoveryFlowsTest.frontend;
import static io.portcullis.identity.it.RecoveryFlowsTest.identity;
import static io.portcullis.identity.it.RecoveryFlowsTest.location;
import static io.portcullis.identity.it.RecoveryFlowsTest.nodeNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.TestIdentity;
import io.portcullis.identity.courier.Letter;
import io.portcullis.identity.courier.RecordingCourier;
import io.portcullis.identity.courier.TemplateType;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sh.ory.kratos.model.UiNodeAnchorAttributes;
import sh.ory.kratos.model.UpdateVerificationFlowBody;
import sh.ory.kratos.model.UpdateVerificationFlowWithCodeMethod;
import sh.ory.kratos.model.VerifiableIdentityAddress;
import sh.ory.kratos.model.VerificationFlow;

/**
 * Verification end to end against PostgreSQL: the mail sent after registration and after an address changes in
 * settings, verification by link and by code (in a browser and with the Kratos client), the address becoming
 * {@code verified} with status {@code completed}, single use, unknown addresses, and Kratos' message ids.
 */
class VerificationFlowsTest {
  static final RecordingCourier MAIL = new RecordingCourier();
  /** Verification by code (Kratos' default), unknown recipients are told. */
  static TestIdentity code;
  /** Verification by link; recovery is off here. */
  static TestIdentity link;

  @BeforeAll
  static void start() throws Exception {
    code = new TestIdentity("""
        secrets: {default: ["a verification test secret of 32+"]}
        selfservice:
          flows:
            verification: {enabled: true, notify_unknown_recipients: true}
            registration: {after: {password: {hooks: [{hook: session}]}}}
        """, MAIL);
    link = new TestIdentity("""
        selfservice:
          flows:
            verification: {enabled: true, use: link}
            registration: {after: {password: {hooks: [{hook: session}]}}}
          methods:
            link: {enabled: true}
        """, MAIL);
  }

  @AfterAll
  static void stop() {
    code.close();
    link.close();
  }

  static VerifiableIdentityAddress address(TestIdentity id, String identityId) throws Exception {
    return admin(id).getIdentity(identityId, null).getVerifiableAddresses().get(0);
  }

  static String identityIdOf(Browser b, TestIdentity id) throws Exception {
    return new JsonObject(b.get(id.publicUrl() + "/sessions/whoami").body()).getJsonObject("identity")
        .getString("id");
  }

  static UpdateVerificationFlowBody byCode(String email, String code) {
    return new UpdateVerificationFlowBody(new UpdateVerificationFlowWithCodeMethod()
        .method(UpdateVerificationFlowWithCodeMethod.MethodEnum.CODE).email(email).code(code));
  }

  @Test
  void registrationMailsALinkThatVerifiesTheAddressOnce() throws Exception {
    String email = "verify-link@example.com";
    Browser b = new Browser();
    register(b, link, email);
    String identityId = identityIdOf(b, link);
    Letter letter = MAIL.await(email, TemplateType.VERIFICATION_VALID);
    String url = letter.data().getString("VerificationURL");
    assertThat(url).startsWith(link.publicUrl() + "/self-service/verification?flow=").contains("&token=");
    VerifiableIdentityAddress before = address(link, identityId);
    assertThat(before.getVerified()).isFalse();
    assertThat(before.getStatus()).isEqualTo("sent");

    // The flow the registration started: sent_email, the link form and Resend for the address.
    JsonObject started = fetchFlow(b, link, "verification", flowId(url));
    assertThat(started.getString("state")).isEqualTo("sent_email");
    assertThat(started.getString("active")).isEqualTo("link");
    assertThat(nodeNames(started)).containsExactly("csrf_token", "email", "method", "email");

    Browser mailClient = new Browser();
    String page = location(mailClient.get(url));
    assertThat(page).isEqualTo(link.publicUrl() + "/ui/verification?flow=" + flowId(url));
    JsonObject done = fetchFlow(mailClient, link, "verification", flowId(url));
    assertThat(done.getString("state")).isEqualTo("passed_challenge");
    assertThat(uiMessageIds(done)).containsExactly(1080002L);
    assertThat(done.getJsonObject("ui").getString("method")).isEqualTo("GET");
    assertThat(done.getJsonObject("ui").getString("action")).isEqualTo(link.publicUrl() + "/ui/welcome");
    VerifiableIdentityAddress after = address(link, identityId);
    assertThat(after.getVerified()).isTrue();
    assertThat(after.getStatus()).isEqualTo("completed");
    assertThat(after.getVerifiedAt()).isNotNull();
    HttpResponse<String> html = mailClient.get(page);
    assertThat(html.body()).contains("id=\"f-continue\"").contains("You successfully verified your email address.");

    String again = location(mailClient.get(url));
    assertThat(uiMessageIds(fetchFlow(mailClient, link, "verification", flowId(again)))).containsExactly(4070001L);
  }

  @Test
  void aNativeAppVerifiesByCodeWithTheKratosClient() throws Exception {
    String email = "verify-native@example.com";
    String identityId = identity(code, email, null);
    var api = frontend(code);
    VerificationFlow flow = api.createNativeVerificationFlow(null);
    assertThat(flow.getActive()).isEqualTo("code");
    VerificationFlow sent = api.updateVerificationFlow(flow.getId(), byCode(email, null), null, null);
    assertThat(sent.getState()).isEqualTo("sent_email");
    assertThat(sent.getUi().getMessages()).extracting(m -> m.getId()).containsExactly(1080003L);
    Letter letter = MAIL.await(email, TemplateType.VERIFICATION_CODE_VALID);
    String verificationCode = letter.data().getString("VerificationCode");
    assertThat(letter.data().getString("VerificationURL")).isEqualTo(code.publicUrl()
        + "/self-service/verification?code=" + verificationCode + "&flow=" + flow.getId());

    String wrong = verificationCode.equals("111111") ? "222222" : "111111";
    VerificationFlow refused = api.updateVerificationFlow(flow.getId(), byCode(null, wrong), null, null);
    assertThat(refused.getUi().getMessages()).extracting(m -> m.getId()).containsExactly(4070006L);
    assertThat(address(code, identityId).getVerified()).isFalse();

    VerificationFlow done = api.updateVerificationFlow(flow.getId(), byCode(null, verificationCode), null, null);
    assertThat(done.getState()).isEqualTo("passed_challenge");
    assertThat(done.getUi().getMessages()).extracting(m -> m.getId()).containsExactly(1080002L);
    UiNodeAnchorAttributes next = done.getUi().getNodes().get(done.getUi().getNodes().size() - 1).getAttributes()
        .getUiNodeAnchorAttributes();
    assertThat(next.getId()).isEqualTo("continue");
    VerifiableIdentityAddress verified = address(code, identityId);
    assertThat(verified.getVerified()).isTrue();
    assertThat(verified.getStatus()).isEqualTo("completed");
    assertThat(verified.getVerifiedAt()).isNotNull();
  }

  @Test
  void theMailedCodeLinkFillsTheCodeInAnotherBrowser() throws Exception {
    String email = "verify-browser@example.com";
    String identityId = identity(code, email, null);
    Browser b = new Browser();
    JsonObject flow = init(b, code, "verification", "");
    // Kratos' code method: email, Continue, then CSRF.
    assertThat(nodeNames(flow)).containsExactly("email", "method", "csrf_token");
    location(b.postForm(action(flow), form(flow, "email", email, "method", "code")));
    JsonObject sent = fetchFlow(b, code, "verification", flow.getString("id"));
    assertThat(nodeNames(sent)).containsExactly("method", "code", "method", "csrf_token", "email");
    String url = MAIL.await(email, TemplateType.VERIFICATION_CODE_VALID).data().getString("VerificationURL");

    Browser phone = new Browser();
    assertThat(location(phone.get(url))).isEqualTo(code.publicUrl() + "/ui/verification?flow=" + flow.getString("id"));
    JsonObject filled = fetchFlow(phone, code, "verification", flow.getString("id"));
    String verificationCode = nodeValue(filled, "code");
    assertThat(verificationCode).matches("[0-9]{6}");
    location(phone.postForm(action(filled), form(filled, "code", verificationCode, "method", "code")));
    assertThat(fetchFlow(phone, code, "verification", flow.getString("id")).getString("state"))
        .isEqualTo("passed_challenge");
    assertThat(address(code, identityId).getVerified()).isTrue();
  }

  @Test
  void aChangedAddressIsMailedAfterSettings() throws Exception {
    Browser b = new Browser();
    register(b, code, "before-change@example.com");
    MAIL.await("before-change@example.com", TemplateType.VERIFICATION_CODE_VALID);
    JsonObject settings = init(b, code, "settings", "");
    location(b.postForm(action(settings), form(settings, "method", "profile", "traits.email",
        "after-change@example.com")));
    Letter letter = MAIL.await("after-change@example.com", TemplateType.VERIFICATION_CODE_VALID);
    assertThat(letter.data().getJsonObject("Identity").getJsonObject("traits").getString("email"))
        .isEqualTo("after-change@example.com");
    assertThat(address(code, identityIdOf(b, code)).getStatus()).isEqualTo("sent");
  }

  @Test
  void unknownAddressesAreToldWhenConfigured() throws Exception {
    var api = frontend(code);
    VerificationFlow flow = api.createNativeVerificationFlow(null);
    VerificationFlow sent = api.updateVerificationFlow(flow.getId(), byCode("stranger@example.com", null), null,
        null);
    assertThat(sent.getState()).isEqualTo("sent_email");
    MAIL.await("stranger@example.com", TemplateType.VERIFICATION_CODE_INVALID);
  }

  @Test
  void recoveryIsOffUnlessEnabled() throws Exception {
    HttpResponse<String> r = new Browser().getJson(link.publicUrl() + "/self-service/recovery/api");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("reason"))
        .isEqualTo("Recovery is not allowed because it was disabled.");
    r = new Browser().getJson(link.publicUrl() + "/self-service/verification/browser");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(errorIdOrNull(r)).isNull();
  }

  static String errorIdOrNull(HttpResponse<String> r) {
    JsonObject body = new JsonObject(r.body());
    return body.containsKey("error") ? errorId(r) : null;
  }
}
