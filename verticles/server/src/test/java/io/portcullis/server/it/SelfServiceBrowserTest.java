package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.portcullis.identity.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The browser story end to end in headless Chromium, proxy and identity on one node: a visitor of a protected page is
 * sent to log in, registers, comes back to the page (which got {@code X-User}), logs out and is sent to log in again;
 * a wrong password is shown at the fields; a password change signs the other sessions out, and so does the welcome
 * page's button. Screenshots of every page land in {@code target/screenshots/}.
 */
class SelfServiceBrowserTest {
  static EchoUpstream upstream;
  static TestNode node;
  static final int PUBLIC = FreePorts.next();
  static final int ADMIN = FreePorts.next();
  static final String PASSWORD = "correct horse battery 9";

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Browser.available(), "chromium and chromium-driver are not installed (apt-get install -y chromium "
        + "chromium-driver)");
    upstream = new EchoUpstream();
    String pub = "http://127.0.0.1:" + PUBLIC;
    node = new TestNode(Sessions.identityConfig(TestPostgres.newDatabase(), PUBLIC, ADMIN) + """
            selfservice:
              allowed_return_urls: ["http://127.0.0.1:%%PROXY_PORT%%/"]
              flows:
                registration: {after: {password: {hooks: [{hook: session}]}}}
                settings: {after: {password: {hooks: [{hook: revoke_active_sessions}]}}}
            ui: {title: Example Corp, primary_color: "#0b7285"}
        access_rules:
          repositories: [file://rules.yml]
        authenticators:
          cookie_session:
            enabled: true
            config: {check_session_url: "%s/sessions/whoami", preserve_path: true, subject_from: identity.id,
              extra_from: identity.traits, only: [ory_kratos_session]}
        authorizers:
          allow: {enabled: true}
        mutators:
          header:
            enabled: true
            config:
              headers: {X-User: "{{ print .Subject }}"}
        errors:
          fallback: [json]
          handlers:
            json: {enabled: true}
            redirect: {enabled: true, config: {to: "%s/ui/login", return_to_query_param: return_to}}
        """.formatted(pub, pub), """
        - id: app
          match: {url: "http://127.0.0.1:%PROXY_PORT%/app/<.*>", methods: [GET]}
          upstream: {url: "%UPSTREAM%"}
          authenticators: [{handler: cookie_session}]
          authorizer: {handler: allow}
          mutators: [{handler: header}]
          errors: [{handler: redirect}]
        """, "http://127.0.0.1:" + upstream.port(), Map.of());
    Http.awaitRule(node.apiPort, "app", "cookie_session");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  String app(String path) {
    return "http://127.0.0.1:" + node.proxyPort + "/app/" + path;
  }

  static String pages(String path) {
    return "http://127.0.0.1:" + PUBLIC + "/ui/" + path;
  }

  @Test
  void aVisitorRegistersComesBackLogsOutAndIsSentToLogInAgain() throws Exception {
    try (Browser b = new Browser("en")) {
      b.open(app("reports?year=2025"));
      b.awaitUrl("/ui/login?flow=");
      assertThat(b.find("html").getAttribute("lang")).isEqualTo("en");
      assertThat(b.find("label[for='f-identifier']").getText()).isNotBlank();
      b.screenshot("login");

      b.find("#link-registration").click();
      b.awaitUrl("/ui/registration?flow=");
      b.type("#f-traits\\.email", "grace@example.com");
      b.type("#f-password", PASSWORD);
      b.screenshot("registration");
      b.find("button[name=method][value=password]").click();

      b.awaitUrl(app("reports?year=2025"));
      EchoUpstream.Received seen = upstream.take();
      assertThat(seen.uri()).isEqualTo("/app/reports?year=2025");
      String user = seen.headers().get("X-User");
      assertThat(user).matches("[0-9a-f-]{36}");
      assertThat(b.source()).contains("\"x-user\":\"" + user + "\"");

      b.open(pages("welcome"));
      assertThat(b.find("[data-trait='email']").getText()).isEqualTo("grace@example.com");
      b.screenshot("welcome");
      b.find("#link-logout").click();
      b.awaitUrl("/ui/login?flow=");

      upstream.clear();
      b.open(app("reports"));
      b.awaitUrl("/ui/login?flow=");
      assertThat(upstream.nothingReceived()).isTrue();
    }
  }

  @Test
  void aWrongPasswordIsShownAtTheFieldsAndTheRightOneGoesBack() throws Exception {
    Sessions.createIdentity(ADMIN, "ada@example.com", PASSWORD);
    try (Browser b = new Browser("en")) {
      b.open(app("inbox"));
      b.awaitUrl("/ui/login?flow=");
      b.type("#f-identifier", "ada@example.com");
      b.type("#f-password", "not the password");
      b.find("button[name=method][value=password]").click();

      WebElement alert = b.find("#flow-messages[role=alert]");
      assertThat(alert.getText()).contains("The provided credentials are invalid");
      WebElement password = b.find("#f-password");
      assertThat(password.getAttribute("aria-describedby")).contains("flow-messages");
      assertThat(password.getAttribute("aria-invalid")).isEqualTo("true");
      WebElement identifier = b.find("#f-identifier");
      assertThat(identifier.getAttribute("value")).isEqualTo("ada@example.com");
      assertThat(b.driver.switchTo().activeElement()).as("the first field with an error has the focus")
          .isEqualTo(identifier);
      b.screenshot("login-error");

      b.type("#f-password", PASSWORD);
      b.find("button[name=method][value=password]").click();
      b.awaitUrl(app("inbox"));
      assertThat(upstream.take().headers().get("X-User")).isNotBlank();
    }
  }

  @Test
  void changingThePasswordSignsTheOtherSessionsOutAndSoDoesTheWelcomePage() throws Exception {
    Sessions.createIdentity(ADMIN, "lin@example.com", PASSWORD);
    try (Browser b = new Browser("en")) {
      b.open(pages("settings"));
      b.awaitUrl("/ui/login?flow=");
      b.type("#f-identifier", "lin@example.com");
      b.type("#f-password", PASSWORD);
      b.find("button[name=method][value=password]").click();
      b.awaitUrl("/ui/settings?flow=");

      Sessions.Login elsewhere = Sessions.login(PUBLIC, "lin@example.com", PASSWORD);
      assertThat(whoami(elsewhere.token())).isEqualTo(200);
      b.screenshot("settings");
      b.type("#f-password-password", "a brand new passphrase 42");
      b.find("section[data-group=password] button[name=method][value=password]").click();
      b.awaitUrl("/ui/settings?flow=");
      assertThat(b.find("#flow-messages").getText()).contains("Your changes have been saved!");
      assertThat(whoami(elsewhere.token())).as("the other session was revoked by the password change")
          .isEqualTo(401);

      Sessions.Login another = Sessions.login(PUBLIC, "lin@example.com", "a brand new passphrase 42");
      b.open(pages("welcome"));
      assertThat(b.findAll("#sessions li")).isEqualTo(2);
      b.find("#revoke-others").click();
      assertThat(b.find("#revoked").getText()).contains("1");
      assertThat(whoami(another.token())).isEqualTo(401);
      assertThat(b.findAll("#sessions li")).isEqualTo(1);
    }
  }

  @Test
  void aBrowserErrorIsShownOnTheErrorPage() throws Exception {
    try (Browser b = new Browser("en")) {
      b.open("http://127.0.0.1:" + PUBLIC + "/self-service/login/browser?return_to="
          + java.net.URLEncoder.encode("https://evil.example.com/", java.nio.charset.StandardCharsets.UTF_8));
      b.awaitUrl("/ui/error?id=");
      // The stored error's own words (it has no text of its own), not a generic line.
      assertThat(b.find("#error-message[role=alert]").getText()).contains("https://evil.example.com/");
      b.screenshot("error");
      String id = b.driver.getCurrentUrl().substring(b.driver.getCurrentUrl().indexOf("id=") + 3);
      JsonObject stored = new JsonObject(Sessions.send("GET", PUBLIC, "/self-service/errors?id=" + id, null, 200));
      assertThat(stored.getJsonObject("error").getString("id")).isEqualTo("self_service_flow_return_to_forbidden");
    }
  }

  @Test
  void pagesSpeakTheVisitorsLanguage() throws Exception {
    HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(pages("login")))
        .header("Accept", "text/html").header("Accept-Language", "fr-CH, de;q=0.9, en;q=0.5")
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("<html lang=\"de\">").contains("Mit Passwort anmelden").contains("Konto erstellen")
        .contains("Example Corp").contains("--primary:#0b7285");
  }

  private static int whoami(String token) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + PUBLIC + "/sessions/whoami")).header("X-Session-Token", token)
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }
}
