package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.portcullis.config.ConfigLoader;
import io.portcullis.identity.TestPostgres;
import io.portcullis.identity.it.FakeOpenIdProvider;
import io.portcullis.identity.mfa.TotpCodes;
import io.portcullis.server.Node;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * The setup Portcullis replaces, as it is, in headless Chromium: the seed's {@code kratos-server-config.yml} (under
 * {@code portcullis.identity}), its {@code oathkeeper-server-config.yml} and the Maester {@code Rule} of
 * {@code protected-endpoint-vmagent.yml} (the Kubernetes list with its Ingress, read as it is), on one Portcullis node.
 *
 * <p>Only what a test cannot reach is overridden, by {@code PORTCULLIS_*} variables as an operator would:
 * <ul>
 *   <li>the DSN; every listener's host and port (127.0.0.1, free ports); the SMTP URI (nothing is mailed here);
 *   <li>the identity schema: a URL on the internet there, the local stand-in {@code seed/admin.schema.json} here;
 *   <li>the rules repository (the manifest in a temporary folder instead of {@code /etc/rules}),
 *       {@code check_session_url} (the public port on loopback) and the Rule's upstream (an echo server on loopback,
 *       the one change made in the manifest);
 *   <li>the {@code google} provider keeps its type, id, label, scopes, requested claims and a mapper of the seed's
 *       shape (Kratos' Google example, as {@code base64://}), and gains the loopback provider's {@code issuer_url}
 *       (Kratos ignores it for {@code google}; Portcullis honours it, docs/identity.md); client id and secret
 *       (placeholders in the seed) are the provider's;
 *   <li>{@code cookies.same_site: Lax}: the seed's {@code None} on an {@code http://} base URL makes a session cookie
 *       without Secure, which Chromium drops (Kratos would set the same cookie); the shared cookie domain still holds;
 *   <li>{@code serve.public.cors.allowed_origins} gains {@code http://*.localhost.com:8080}: the seed's pattern has no
 *       port, so it refuses the UI's origin {@code http://auth.localhost.com:8080}, and the UI page could not load
 *       {@code webauthn.js} (a {@code crossorigin} script from {@code auth-server}); only passkeys need it.
 * </ul>
 *
 * <p>The seed's hosts stay as they are ({@code base_url}, the UI URLs, the cookie domain {@code localhost.com},
 * {@code allowed_return_urls}, the Rule's URL, the WebAuthn origins, all on {@code *.localhost.com:8080}): Chromium
 * sends every request for them to an nginx on a free port ({@code --proxy-server}), which plays the seed's ingress and
 * routes by host, so port 8080 never needs to be bound: {@code vmagent.localhost.com} to the proxy,
 * {@code auth-server.localhost.com} to the public API and {@code auth.localhost.com} (the seed's self-service UI, a
 * separate app there) to Portcullis' own pages (its {@code /login} is our {@code /ui/login}).
 *
 * <p>Each test that changes credentials has its own provisioned identity (the seed's login hooks revoke other
 * sessions): a passkey; a security key (the seed's {@code webauthn}, passwordless: identifier first, then the key,
 * from a roaming authenticator without resident keys so the page's passkey request never answers); TOTP, after which
 * a Google sign-in is aal1 only, which the seed's {@code session.whoami.required_aal: highest_available} makes the edge
 * refuse until the second step is done. That refusal redirects to {@code /login?return_to=} without {@code aal}; where
 * Kratos' login flow would return to the protected URL for a session already signed in (a redirect loop), Portcullis'
 * starts the second step, which then returns there.
 */
class SeedSetupBrowserTest {
  static final String ENV = "PORTCULLIS_PORTCULLIS_IDENTITY_";
  static final String PROTECTED = "http://vmagent.localhost.com:8080/vmui/?query=up";
  static final String SEED_UPSTREAM = "http://vmagent-victoria-metrics-k8s-stack:8429";
  static final String LOGIN_PAGE = "http://auth.localhost.com:8080/login?flow=";
  static final String SETTINGS = "http://auth.localhost.com:8080/settings";
  /** The shape of the seed's google.jsonnet: Kratos' Google example, the email only when the provider verified it. */
  static final String MAPPER = """
      local claims = { email_verified: false } + std.extVar('claims');
      {
        identity: {
          traits: {
            [if 'email' in claims && claims.email_verified then 'email' else null]: claims.email,
          },
        },
      }
      """;
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final int PROXY = FreePorts.next();
  static final int API = FreePorts.next();
  static final int METRICS = FreePorts.next();
  static final int PUBLIC = FreePorts.next();
  static final int ADMIN = FreePorts.next();
  static FakeOpenIdProvider google;
  static EchoUpstream vmagent;
  static Nginx ingress;
  static Node node;
  static String operatorId;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Browser.available(), "chromium and chromium-driver are not installed");
    google = new FakeOpenIdProvider();
    vmagent = new EchoUpstream();
    Path dir = Files.createTempDirectory("portcullis-seed");
    String kratos = resource("/seed/kratos-server-config.yml");
    Path config = dir.resolve("portcullis.yml");
    Files.writeString(config, resource("/seed/oathkeeper-server-config.yml")
        + "portcullis:\n  identity:\n    enabled: true\n" + kratos.indent(4));
    // The manifest as it is (Portcullis reads Maester resources and Kubernetes lists); only the upstream is local.
    String manifest = resource("/seed/protected-endpoint-vmagent.yml");
    assertThat(manifest).contains(SEED_UPSTREAM);
    Path rules = dir.resolve("protected-endpoint-vmagent.yml");
    Files.writeString(rules, manifest.replace(SEED_UPSTREAM, "http://127.0.0.1:" + vmagent.port()));
    Path schema = dir.resolve("admin.schema.json");
    Files.writeString(schema, resource("/seed/admin.schema.json"));

    Map<String, String> env = new HashMap<>(Map.of(
        "PORTCULLIS_SERVE_PROXY_HOST", "127.0.0.1", "PORTCULLIS_SERVE_PROXY_PORT", String.valueOf(PROXY),
        "PORTCULLIS_SERVE_API_HOST", "127.0.0.1", "PORTCULLIS_SERVE_API_PORT", String.valueOf(API),
        "PORTCULLIS_SERVE_PROMETHEUS_HOST", "127.0.0.1", "PORTCULLIS_SERVE_PROMETHEUS_PORT", String.valueOf(METRICS),
        "PORTCULLIS_ACCESS_RULES_REPOSITORIES", "[\"" + rules.toUri() + "\"]",
        "PORTCULLIS_AUTHENTICATORS_COOKIE_SESSION_CONFIG_CHECK_SESSION_URL",
        "http://127.0.0.1:" + PUBLIC + "/sessions/whoami"));
    env.putAll(Map.of(
        ENV + "DSN", TestPostgres.newDatabase(),
        ENV + "SERVE_PUBLIC_HOST", "127.0.0.1", ENV + "SERVE_PUBLIC_PORT", String.valueOf(PUBLIC),
        ENV + "SERVE_ADMIN_HOST", "127.0.0.1", ENV + "SERVE_ADMIN_PORT", String.valueOf(ADMIN),
        ENV + "COURIER_SMTP_CONNECTION_URI", "smtp://127.0.0.1:" + FreePorts.next() + "/",
        ENV + "COOKIES_SAME_SITE", "Lax",
        ENV + "SERVE_PUBLIC_CORS_ALLOWED_ORIGINS", "[\"http://*.localhost.com\", \"http://*.localhost.com:8080\"]",
        ENV + "IDENTITY_SCHEMAS", "[{id: admin, url: \"" + schema.toUri() + "\"}]",
        ENV + "SELFSERVICE_METHODS_OIDC_CONFIG_PROVIDERS", googleAtLoopback(kratos).toString()));
    node = Node.start(ConfigLoader.load(config, env));
    Http.awaitRule(API, "vmagent.default", "cookie_session");

    ingress = new Nginx("""
        server {
          listen 127.0.0.1:%%PORT%%;
          server_name vmagent.localhost.com;
          location / { proxy_pass http://127.0.0.1:%d; proxy_set_header Host $http_host; }
        }
        server {
          listen 127.0.0.1:%%PORT%%;
          server_name auth-server.localhost.com;
          location / { proxy_pass http://127.0.0.1:%d; proxy_set_header Host $http_host; }
        }
        server {
          listen 127.0.0.1:%%PORT%%;
          server_name auth.localhost.com;
          location / { proxy_pass http://127.0.0.1:%d/ui/; proxy_set_header Host $http_host; }
        }
        """.formatted(PROXY, PUBLIC, PUBLIC));

    operatorId = provision("ops@localhost.com", "google-ops");
  }

  /**
   * The operator provisions an identity: schema admin, a verified address, the Google account it signs in with. Each
   * test that changes an identity's credentials has its own (the seed revokes other sessions at every login).
   */
  static String provision(String email, String googleSubject) throws Exception {
    return new JsonObject(Sessions.send("POST", ADMIN, "/admin/identities", new JsonObject()
        .put("schema_id", "admin").put("traits", new JsonObject().put("email", email).put("name", "Ops"))
        .put("verifiable_addresses", new JsonArray().add(new JsonObject().put("value", email)
            .put("via", "email").put("verified", true).put("status", "completed")))
        .put("credentials", new JsonObject().put("oidc", new JsonObject().put("config", new JsonObject()
            .put("providers", new JsonArray().add(new JsonObject().put("provider", "google")
                .put("subject", googleSubject)))))), 201)).getString("id");
  }

  /** The loopback Google answers as this account from now on. */
  static void googleSignsInAs(String email, String subject) {
    google.subject = subject;
    google.extraClaims = new JsonObject().put("email", email).put("email_verified", true);
  }

  @AfterAll
  static void stop() throws Exception {
    if (ingress != null) {
      ingress.close();
    }
    if (node != null) {
      node.close();
    }
    if (vmagent != null) {
      vmagent.close();
    }
    if (google != null) {
      google.close();
    }
  }

  @BeforeEach
  void reset() {
    googleSignsInAs("ops@localhost.com", "google-ops");
    google.showLinkBack = false;
    vmagent.clear();
  }

  /**
   * Chromium with the seed's hosts behind the ingress. WebAuthn needs a secure context, which {@code http://} on a
   * host other than {@code localhost} is not: the seed's WebAuthn origin is declared one, as a browser on a
   * developer's machine would need for the seed's setup.
   */
  Browser browser() throws IOException {
    return new Browser("en", "--proxy-server=http://127.0.0.1:" + ingress.port,
        "--unsafely-treat-insecure-origin-as-secure=http://auth.localhost.com:8080");
  }

  /** Opens the protected URL, is sent to the seed's login page and signs in with Google. */
  static void signInWithGoogle(Browser b) {
    b.open(PROTECTED);
    b.awaitUrl(LOGIN_PAGE);
    b.find("button[name=provider][value=google]").click();
    b.awaitUrl(PROTECTED);
  }

  @Test
  void theOperatorIsSentToSignInSignsInWithGoogleAndReachesTheUpstreamAsItself() throws Exception {
    try (Browser b = browser()) {
      b.open(PROTECTED);
      b.awaitUrl(LOGIN_PAGE);
      assertThat(vmagent.nothingReceived()).isTrue();
      b.screenshot("seed-login");
      b.find("button[name=provider][value=google]").click();
      b.awaitUrl(PROTECTED);
      EchoUpstream.Received seen = vmagent.take();
      assertThat(seen.uri()).isEqualTo("/vmui/?query=up");
      assertThat(seen.headers().getAll("x-user-id")).containsExactly(operatorId);
      assertThat(seen.headers().get("Host")).as("the Rule's preserveHost").isEqualTo("vmagent.localhost.com:8080");
      assertThat(b.driver.manage().getCookieNamed("ory_kratos_session").getDomain()).endsWith("localhost.com");
      // The provider was asked as the seed says: its scopes and the essential claims, with PKCE.
      Map<String, String> asked = google.authorizations.get(google.authorizations.size() - 1);
      assertThat(asked.get("scope")).contains("email", "profile");
      assertThat(asked.get("claims")).contains("email_verified");
      assertThat(asked).containsKey("code_challenge");
    }
  }

  @Test
  void aForgedStateAtTheCallbackIsRefused() throws Exception {
    google.showLinkBack = true;
    try (Browser b = browser()) {
      b.open(PROTECTED);
      b.awaitUrl(LOGIN_PAGE);
      b.find("button[name=provider][value=google]").click();
      String callback = b.find("a#back").getAttribute("href");
      assertThat(callback).startsWith("http://auth-server.localhost.com:8080/self-service/methods/oidc/callback/google");
      String forged = callback.replaceAll("(state=[^&.]+\\.)[^&]+", "$1" + "A".repeat(43));
      assertThat(forged).isNotEqualTo(callback);

      b.open(forged);
      b.awaitUrl(LOGIN_PAGE);
      assertThat(b.source()).contains("the query state parameter does not match the state parameter from the "
          + "session cookie");
      b.screenshot("seed-forged-state");
      assertThat(b.driver.manage().getCookieNamed("ory_kratos_session")).isNull();
      b.open(PROTECTED);
      b.awaitUrl(LOGIN_PAGE);
      assertThat(vmagent.nothingReceived()).isTrue();
    }
  }

  @Test
  void theOperatorAddsAPasskeyAndSignsInWithItThroughTheSeedsRelyingParty() throws Exception {
    org.openqa.selenium.virtualauthenticator.Credential passkey;
    try (Browser b = browser()) {
      VirtualAuthenticator authenticator = b.driver.addVirtualAuthenticator(PasskeyChromiumTest.platformAuthenticator());
      signInWithGoogle(b);
      b.open("http://auth.localhost.com:8080/settings");
      b.awaitUrl("http://auth.localhost.com:8080/settings?flow=");
      b.find("button[name=passkey_register_trigger]").click();
      b.until("no passkey registered",
          () -> authenticator.getCredentials().size() == 1 && b.findAll("button[name=passkey_remove]") == 1);
      passkey = authenticator.getCredentials().get(0);
      assertThat(passkey.getRpId()).isEqualTo("localhost.com");
    }
    vmagent.clear();
    // A fresh browser on the same device: the protected URL, the login page, and the passkey answers its request.
    try (Browser b = browser()) {
      VirtualAuthenticator authenticator = b.driver.addVirtualAuthenticator(PasskeyChromiumTest.platformAuthenticator());
      authenticator.addCredential(passkey);
      b.open(PROTECTED);
      b.awaitUrl(PROTECTED);
      assertThat(vmagent.take().headers().getAll("x-user-id")).containsExactly(operatorId);
      assertThat(authenticator.getCredentials().get(0).getSignCount()).isPositive();
    }
  }

  @Test
  void aSecurityKeySignsInWithoutAPassword() throws Exception {
    String email = "key@localhost.com";
    String id = provision(email, "google-key");
    googleSignsInAs(email, "google-key");
    org.openqa.selenium.virtualauthenticator.Credential key;
    try (Browser b = browser()) {
      VirtualAuthenticator authenticator = b.driver.addVirtualAuthenticator(securityKey());
      signInWithGoogle(b);
      b.open(SETTINGS);
      b.awaitUrl(SETTINGS + "?flow=");
      b.type("input[name=webauthn_register_displayname]", "YubiKey");
      b.find("button[name=webauthn_register_trigger]").click();
      b.until("no key registered",
          () -> authenticator.getCredentials().size() == 1 && b.findAll("button[name=webauthn_remove]") == 1);
      key = authenticator.getCredentials().get(0);
      assertThat(key.getRpId()).isEqualTo("localhost.com");
      assertThat(key.isResidentCredential()).as("a security key, not a passkey").isFalse();
    }
    vmagent.clear();
    // A fresh browser with the same key: the identifier first, then the key answers the request the login page makes.
    try (Browser b = browser()) {
      VirtualAuthenticator authenticator = b.driver.addVirtualAuthenticator(securityKey());
      authenticator.addCredential(key);
      b.open(PROTECTED);
      b.awaitUrl(LOGIN_PAGE);
      b.type("section[data-group=webauthn] input[name=identifier]", email);
      b.find("section[data-group=webauthn] button[name=method][value=webauthn]").click();
      b.find("button[name=webauthn_login_trigger]").click();
      b.awaitUrl(PROTECTED);
      assertThat(vmagent.take().headers().getAll("x-user-id")).containsExactly(id);
      assertThat(authenticator.getCredentials().get(0).getSignCount()).isPositive();
    }
  }

  @Test
  void totpMakesTheSessionAal2AndTheEdgeRefusesAal1() throws Exception {
    String email = "totp@localhost.com";
    String id = provision(email, "google-totp");
    googleSignsInAs(email, "google-totp");
    String secret;
    try (Browser b = browser()) {
      signInWithGoogle(b);
      b.open(SETTINGS);
      b.awaitUrl(SETTINGS + "?flow=");
      secret = b.find("[id$=totp_secret_key] code").getText().trim();
      b.type("input[name=totp_code]", TotpCodes.at(secret, System.currentTimeMillis() / 1000));
      b.find("button[name=method][value=totp]").click();
      b.until("TOTP not enrolled", () -> b.findAll("[name=totp_unlink]") == 1);
    }
    vmagent.clear();
    try (Browser b = browser()) {
      b.open(PROTECTED);
      b.awaitUrl(LOGIN_PAGE);
      b.find("button[name=provider][value=google]").click();
      // Google is the first factor only: Kratos asks for the second before going back to the upstream.
      b.find("input[name=totp_code]");
      String flow = b.driver.getCurrentUrl().substring(LOGIN_PAGE.length());
      HttpResponse<String> whoami = whoami(b.driver.manage().getCookieNamed("ory_kratos_session").getValue());
      b.open("http://auth-server.localhost.com:8080/self-service/login/flows?id=" + flow);
      assertThat(new JsonObject(b.find("pre").getText()).getString("requested_aal")).isEqualTo("aal2");
      // The aal1 session is refused at the edge: whoami answers 403 session_aal2_required (the seed's
      // required_aal: highest_available) and the seed's errors redirect to the login page.
      assertThat(whoami.statusCode()).isEqualTo(403);
      assertThat(new JsonObject(whoami.body()).getJsonObject("error").getString("id"))
          .isEqualTo("session_aal2_required");
      // The person opens the protected URL again instead of giving the code. The redirect carries no aal: Kratos'
      // /self-service/login/browser would find the aal1 session "already logged in" and return to the protected URL,
      // which the edge refuses again (ERR_TOO_MANY_REDIRECTS); Portcullis' starts the second step for it.
      b.open(PROTECTED);
      b.awaitUrl(LOGIN_PAGE);
      b.find("input[name=totp_code]");
      assertThat(b.source()).doesNotContain("ERR_TOO_MANY_REDIRECTS");
      assertThat(vmagent.nothingReceived()).isTrue();
      String second = b.driver.getCurrentUrl().substring(LOGIN_PAGE.length());
      assertThat(second).isNotEqualTo(flow);
      b.open("http://auth-server.localhost.com:8080/self-service/login/flows?id=" + second);
      JsonObject step = new JsonObject(b.find("pre").getText());
      assertThat(step.getString("requested_aal")).isEqualTo("aal2");
      assertThat(step.getString("return_to")).isEqualTo(PROTECTED);
      // The second step returns to the upstream once the code is given.
      b.open(LOGIN_PAGE + second);
      b.type("input[name=totp_code]", TotpCodes.at(secret, System.currentTimeMillis() / 1000));
      b.find("button[name=method][value=totp]").click();
      b.awaitUrl(PROTECTED);
      assertThat(vmagent.take().headers().getAll("x-user-id")).containsExactly(id);
    }
  }

  /** The seed's whoami as the edge asks it, with the browser's session cookie. */
  static HttpResponse<String> whoami(String session) throws Exception {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PUBLIC + "/sessions/whoami"))
            .timeout(Duration.ofSeconds(10)).header("Cookie", "ory_kratos_session=" + session).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A roaming security key: no resident credential, so the login page's passkey request never finds it. */
  static VirtualAuthenticatorOptions securityKey() {
    return new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
        .setTransport(VirtualAuthenticatorOptions.Transport.USB).setHasResidentKey(false)
        .setHasUserVerification(false).setIsUserConsenting(true);
  }

  /** The seed's google provider (type {@code google}), pointed at the loopback provider. */
  static ArrayNode googleAtLoopback(String kratos) throws IOException {
    JsonNode seed = YAML.readTree(kratos).at("/selfservice/methods/oidc/config/providers");
    ArrayNode providers = seed.deepCopy();
    assertThat(providers.get(0).get("provider").asText()).isEqualTo("google");
    ((ObjectNode) providers.get(0)).put("issuer_url", google.issuer)
        .put("client_id", FakeOpenIdProvider.CLIENT_ID).put("client_secret", FakeOpenIdProvider.CLIENT_SECRET)
        .put("mapper_url", "base64://" + Base64.getEncoder().encodeToString(MAPPER.getBytes(StandardCharsets.UTF_8)));
    return providers;
  }

  static String resource(String name) throws IOException {
    try (InputStream in = SeedSetupBrowserTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
