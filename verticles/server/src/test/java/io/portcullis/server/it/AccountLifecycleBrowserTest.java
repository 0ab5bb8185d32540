package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.portcullis.identity.TestMail;
import io.portcullis.identity.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operational account lifecycle of the seed setup, end to end on one node with a real SMTP server (GreenMail) and
 * headless Chromium: an operator provisions an identity without credentials and hands it a recovery link; its holder
 * follows it in the browser and sets a password in settings, is refused at login while the address is unverified
 * ({@code require_verified_address}), recovers through the recovery page by the link mailed to them, which verifies
 * the address and ends the session they had ({@code revoke_active_sessions} after recovery). Verification by the
 * mailed code (API) and by the mailed link (browser).
 */
class AccountLifecycleBrowserTest {
  static final int PUBLIC = FreePorts.next();
  static final int ADMIN = FreePorts.next();
  static final String PASSWORD = "a long passphrase for recovery 7";
  static final Pattern RECOVERY_LINK = Pattern.compile("http://127\\.0\\.0\\.1:" + PUBLIC
      + "/self-service/recovery\\?[^\\s\"<>]+");
  static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
  static TestMail mail;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Browser.available(), "chromium and chromium-driver are not installed (apt-get install -y chromium "
        + "chromium-driver)");
    mail = new TestMail();
    node = new TestNode(Sessions.identityConfig(TestPostgres.newDatabase(), PUBLIC, ADMIN) + """
            courier:
              smtp: {connection_uri: "%s", from_address: accounts@example.com, from_name: Example Accounts}
              worker: {pull_wait: 100ms}
            selfservice:
              flows:
                login: {after: {hooks: [{hook: revoke_active_sessions}, {hook: require_verified_address}]}}
                recovery: {enabled: true, use: link, after: {hooks: [{hook: revoke_active_sessions}]}}
                verification: {enabled: true, use: code}
              methods:
                link: {enabled: true, config: {lifespan: 15m}}
                code: {enabled: true}
        """.formatted(mail.smtpUri()), "[]", "http://127.0.0.1:1", Map.of());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (mail != null) {
      mail.close();
    }
  }

  @Test
  void aProvisionedIdentityGetsInByARecoveryLinkSetsAPasswordAndARecoveryEndsItsOtherSessions() throws Exception {
    String email = "operator-made@example.com";
    String id = new JsonObject(Sessions.send("POST", ADMIN, "/admin/identities", new JsonObject()
        .put("schema_id", "default").put("traits", new JsonObject().put("email", email)), 201)).getString("id");
    JsonObject link = new JsonObject(Sessions.send("POST", ADMIN, "/admin/recovery/link",
        new JsonObject().put("identity_id", id).put("expires_in", "1h"), 200));

    String firstSession;
    try (Browser b = new Browser("en")) {
      b.open(link.getString("recovery_link"));
      b.awaitUrl("/ui/settings?flow=");
      b.screenshot("recovery-settings");
      b.type("#f-password-password", PASSWORD);
      b.find("section[data-group=password] button[name=method][value=password]").click();
      b.awaitUrl("/ui/settings?flow=");
      assertThat(b.find("#flow-messages").getText()).contains("Your changes have been saved!");
      firstSession = b.driver.manage().getCookieNamed("ory_kratos_session").getValue();
    }
    assertThat(whoamiByCookie(firstSession)).isEqualTo(200);
    // An operator's recovery link proves nothing about the mailbox (as in Kratos): the address is still unverified.
    HttpResponse<String> refused = loginAttempt(email);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("4000010");

    try (Browser b = new Browser("en")) {
      b.open("http://127.0.0.1:" + PUBLIC + "/ui/recovery");
      b.awaitUrl("/ui/recovery?flow=");
      b.type("#f-email", email);
      b.screenshot("recovery");
      b.find("button[name=method][value=link]").click();
      b.awaitUrl("/ui/recovery?flow=");
      b.screenshot("recovery-sent");
      // The password set above also mailed a verification code (Kratos' verification hook after settings, for an
      // address never sent one); the recovery mail is the one that recovers.
      TestMail.Mail received = mail.await(m -> m.to().contains(email) && m.subject().contains("Recover"), 1,
          Duration.ofSeconds(15)).get(0);
      assertThat(received.from()).contains("accounts@example.com");
      Matcher m = RECOVERY_LINK.matcher(received.text());
      assertThat(m.find()).as("a recovery link in:\n" + received.text()).isTrue();
      b.open(m.group().replace("&amp;", "&"));
      b.awaitUrl("/ui/settings?flow=");
      assertThat(b.source()).contains("You successfully recovered your account.");
    }
    assertThat(whoamiByCookie(firstSession)).as("revoke_active_sessions after recovery ended the other session")
        .isEqualTo(401);
    assertThat(Sessions.login(PUBLIC, email, PASSWORD).token())
        .as("the recovery by the mailed link verified the address, and the password set in settings works")
        .isNotBlank();
  }

  @Test
  void aVerificationLinkFromTheMailVerifiesTheAddressInTheBrowser() throws Exception {
    int pub = FreePorts.next();
    int admin = FreePorts.next();
    try (TestNode byLink = new TestNode(Sessions.identityConfig(TestPostgres.newDatabase(), pub, admin) + """
            courier:
              smtp: {connection_uri: "%s"}
              worker: {pull_wait: 100ms}
            selfservice:
              flows:
                login: {after: {hooks: [{hook: require_verified_address}]}}
                verification: {enabled: true, use: link}
              methods:
                link: {enabled: true}
        """.formatted(mail.smtpUri()), "[]", "http://127.0.0.1:1", Map.of())) {
      String email = "verify-by-link@example.com";
      Sessions.createIdentity(admin, email, PASSWORD);
      JsonObject flow = new JsonObject(Sessions.send("GET", pub, "/self-service/verification/api", null, 200));
      Sessions.send("POST", pub, "/self-service/verification?flow=" + flow.getString("id"),
          new JsonObject().put("method", "link").put("email", email), 200);
      TestMail.Mail received = mail.await(m -> m.to().contains(email), 1, Duration.ofSeconds(15)).get(0);
      Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:" + pub + "/self-service/verification\\?[^\\s\"<>]+")
          .matcher(received.text());
      assertThat(m.find()).as("a verification link in:\n" + received.text()).isTrue();
      try (Browser b = new Browser("en")) {
        b.open(m.group().replace("&amp;", "&"));
        b.awaitUrl("/ui/verification?flow=");
        b.screenshot("verified");
        assertThat(b.source()).contains("You successfully verified your email address.");
      }
      assertThat(Sessions.login(pub, email, PASSWORD).token()).isNotBlank();
    }
  }

  @Test
  void anUnverifiedAddressIsRefusedAtLoginUntilItIsVerifiedByTheMailedCode() throws Exception {
    String email = "not-yet-verified@example.com";
    Sessions.createIdentity(ADMIN, email, PASSWORD);
    HttpResponse<String> refused = loginAttempt(email);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("4000010");

    JsonObject flow = new JsonObject(Sessions.send("GET", PUBLIC, "/self-service/verification/api", null, 200));
    String submit = "/self-service/verification?flow=" + flow.getString("id");
    JsonObject sent = new JsonObject(Sessions.send("POST", PUBLIC, submit,
        new JsonObject().put("method", "code").put("email", email), 200));
    assertThat(sent.getString("state")).isEqualTo("sent_email");
    TestMail.Mail received = mail.await(m -> m.to().contains(email), 1, Duration.ofSeconds(15)).get(0);
    Matcher code = CODE.matcher(received.text());
    assertThat(code.find()).as("a code in:\n" + received.text()).isTrue();
    JsonObject done = new JsonObject(Sessions.send("POST", PUBLIC, submit,
        new JsonObject().put("method", "code").put("code", code.group(1)), 200));
    assertThat(done.getString("state")).isEqualTo("passed_challenge");

    assertThat(Sessions.login(PUBLIC, email, PASSWORD).token()).isNotBlank();
  }

  static HttpResponse<String> loginAttempt(String email) throws Exception {
    JsonObject flow = new JsonObject(Sessions.send("GET", PUBLIC, "/self-service/login/api", null, 200));
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PUBLIC + "/self-service/login?flow="
            + flow.getString("id"))).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
            .put("method", "password").put("identifier", email).put("password", PASSWORD).encode())).build();
    return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
  }

  static int whoamiByCookie(String token) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PUBLIC + "/sessions/whoami"))
        .timeout(Duration.ofSeconds(10)).header("Cookie", "ory_kratos_session=" + token).GET().build();
    return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
