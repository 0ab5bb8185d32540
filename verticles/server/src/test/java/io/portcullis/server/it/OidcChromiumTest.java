package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.portcullis.config.ConfigLoader;
import io.portcullis.identity.IdentityRole;
import io.portcullis.identity.TestPostgres;
import io.portcullis.identity.it.FakeOpenIdProvider;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with a {@code generic} OpenID Connect provider (a loopback OpenID server) in headless Chromium on the
 * built-in pages, and what it refuses: a replayed authorization code, in a browser without the flow's cookie and
 * under a genuine state of another flow, and an ID token with the wrong nonce. Each refusal is shown on a page and
 * leaves no session. The forged state is refused in {@link SeedSetupBrowserTest}, with the seed's {@code google}.
 * Registration is on here (the seed has it off), so a first sign-in runs the seed's mapper shape
 * ({@link SeedSetupBrowserTest#MAPPER}): the email becomes the trait only when the provider verified it.
 */
class OidcChromiumTest {
  static final int PUBLIC = FreePorts.next();
  static final int ADMIN = FreePorts.next();
  static final String BASE = "http://127.0.0.1:" + PUBLIC;
  static final String CALLBACK = BASE + "/self-service/methods/oidc/callback/sso";
  static final String SESSION = "ory_kratos_session";
  static final Vertx VERTX = Vertx.vertx();
  static FakeOpenIdProvider sso;
  static IdentityRole role;
  static String adaId;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Browser.available(), "chromium and chromium-driver are not installed");
    sso = new FakeOpenIdProvider();
    String yaml = """
        portcullis:
          identity:
            enabled: true
            dsn: %s
            serve:
              public: {port: %d, host: 127.0.0.1, base_url: "%s/"}
              admin: {port: %d, host: 127.0.0.1}
            secrets: {cipher: ["a-cipher-secret-of-32-characters"]}
            selfservice:
              flows: {registration: {after: {oidc: {hooks: [{hook: session}]}}}}
              methods:
                password: {enabled: false}
                oidc:
                  enabled: true
                  config:
                    providers:
                      - {id: sso, provider: generic, label: SSO, client_id: %s, client_secret: "%s",
                         issuer_url: "%s", mapper_url: "base64://%s", scope: [email]}
        """.formatted(TestPostgres.newDatabase(), PUBLIC, BASE, ADMIN, FakeOpenIdProvider.CLIENT_ID,
        FakeOpenIdProvider.CLIENT_SECRET, sso.issuer,
        Base64.getEncoder().encodeToString(SeedSetupBrowserTest.MAPPER.getBytes(StandardCharsets.UTF_8)));
    var config = ConfigLoader.bind(new ObjectMapper(new YAMLFactory()).readTree(yaml)).portcullis().identity();
    role = IdentityRole.start(VERTX, config, 1).await();
    adaId = new JsonObject(Sessions.send("POST", ADMIN, "/admin/identities", new JsonObject()
        .put("schema_id", "default").put("traits", new JsonObject().put("email", "ada@example.com"))
        .put("credentials", new JsonObject().put("oidc", new JsonObject().put("config", new JsonObject()
            .put("providers", new JsonArray().add(new JsonObject().put("provider", "sso")
                .put("subject", "sub-ada")))))), 201)).getString("id");
  }

  @AfterAll
  static void stop() {
    if (role != null) {
      role.close().await();
    }
    if (sso != null) {
      sso.close();
    }
    VERTX.close().await();
  }

  @BeforeEach
  void reset() {
    sso.mode = FakeOpenIdProvider.Mode.VALID;
    sso.subject = "sub-ada";
    sso.extraClaims = new JsonObject().put("email", "ada@example.com").put("email_verified", true);
    sso.showLinkBack = false;
  }

  /** The login page's provider button; with {@link FakeOpenIdProvider#showLinkBack}, the provider's way back. */
  static void toProvider(Browser b) {
    b.open(BASE + "/self-service/login/browser");
    b.awaitUrl("/ui/login?flow=");
    b.find("button[name=provider][value=sso]").click();
  }

  static String callbackShown(Browser b) {
    String callback = b.find("a#back").getAttribute("href");
    assertThat(callback).startsWith(CALLBACK + "?code=");
    return callback;
  }

  static String code(String callback) {
    return callback.replaceAll(".*[?&]code=([^&]+).*", "$1");
  }

  @Test
  void aProvisionedIdentitySignsInAndItsCodeCannotBeReplayed() throws Exception {
    sso.showLinkBack = true;
    String used;
    try (Browser b = new Browser("en")) {
      toProvider(b);
      used = callbackShown(b);
      b.open(used);
      b.awaitUrl("/ui/welcome");
      assertThat(b.find("[data-trait='email']").getText()).isEqualTo("ada@example.com");
      assertThat(b.driver.manage().getCookieNamed(SESSION)).isNotNull();
    }
    int sessions = sessionsOfAda();
    // The whole callback again, in another browser (a captured URL): not this browser's flow, the error page says so.
    try (Browser b = new Browser("en")) {
      b.open(used);
      assertThat(b.find("#error-message").getText()).contains("the request was rejected");
      b.screenshot("oidc-replayed-callback");
      assertThat(b.driver.manage().getCookieNamed(SESSION)).isNull();
    }
    // The used code under the genuine state and cookie of a new flow: the provider refuses it at the exchange.
    try (Browser b = new Browser("en")) {
      toProvider(b);
      String fresh = callbackShown(b);
      b.open(fresh.replace("code=" + code(fresh), "code=" + code(used)));
      b.awaitUrl("/ui/error?id=");
      assertThat(b.find("#error-message").getText()).contains("oauth2: \"invalid_grant\" \"unknown code\"");
      b.screenshot("oidc-replayed-code");
      assertThat(b.driver.manage().getCookieNamed(SESSION)).isNull();
    }
    assertThat(sessionsOfAda()).as("no session came of the replays").isEqualTo(sessions);
  }

  @Test
  void anIdTokenWithTheWrongNonceIsRefused() throws Exception {
    int sessions = sessionsOfAda();
    sso.mode = FakeOpenIdProvider.Mode.WRONG_NONCE;
    try (Browser b = new Browser("en")) {
      toProvider(b);
      // Back on the login form (the provider redirects at once), with Kratos' message 4000001 and go-oidc's text.
      assertThat(b.find("[data-message-id='4000001']").getText())
          .contains("The supplied nonce does not match the nonce from the id_token");
      assertThat(b.driver.getCurrentUrl()).startsWith(BASE + "/ui/login?flow=");
      b.screenshot("oidc-wrong-nonce");
      assertThat(b.driver.manage().getCookieNamed(SESSION)).isNull();
    }
    assertThat(sessionsOfAda()).isEqualTo(sessions);
  }

  @Test
  void aFirstSignInRegistersWithTheSeedMappersEmailOnlyWhenVerified() throws Exception {
    sso.subject = "sub-new";
    sso.extraClaims = new JsonObject().put("email", "new@example.com").put("email_verified", true);
    try (Browser b = new Browser("en")) {
      toProvider(b);
      b.awaitUrl("/ui/welcome");
      assertThat(b.find("[data-trait='email']").getText()).isEqualTo("new@example.com");
      assertThat(b.driver.manage().getCookieNamed(SESSION)).isNotNull();
    }
    // Unverified: the mapper gives no email, the schema requires one; the form asks for it and no one is signed in.
    sso.subject = "sub-unverified";
    sso.extraClaims = new JsonObject().put("email", "mallory@example.com").put("email_verified", false);
    try (Browser b = new Browser("en")) {
      toProvider(b);
      b.awaitUrl("/ui/registration?flow=");
      assertThat(b.find("[data-message-id='4000002']").getText()).isEqualTo("Property email is missing.");
      b.screenshot("oidc-unverified-email");
      assertThat(b.driver.manage().getCookieNamed(SESSION)).isNull();
    }
    String identities = Sessions.send("GET", ADMIN, "/admin/identities", null, 200);
    assertThat(identities).contains("new@example.com").doesNotContain("mallory@example.com");
  }

  /** How many sessions the admin API lists for the provisioned identity. */
  static int sessionsOfAda() throws Exception {
    return new JsonArray(Sessions.send("GET", ADMIN, "/admin/identities/" + adaId + "/sessions", null, 200)).size();
  }
}
