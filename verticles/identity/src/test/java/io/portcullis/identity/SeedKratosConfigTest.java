package io.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.portcullis.config.ConfigLoader;
import io.portcullis.config.IdentityConfig;
import io.portcullis.identity.session.ClientInfo;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identity.store.IdentityStore;
import io.portcullis.identity.store.Outbox;
import io.portcullis.identity.store.SessionStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's {@code kratos-server-config.yml}, verbatim under {@code portcullis.identity}, on real PostgreSQL. Only
 * what cannot be reached from a test is overridden, the way an operator would, by {@code PORTCULLIS_*} variables:
 * the DSN, the listeners' host and port, the courier's SMTP address, and the identity schema (a URL on the internet
 * there, a local stand-in here). Every other value, {@code base_url} and the UI URLs included, is the seed's.
 */
class SeedKratosConfigTest {
  static final String ENV = "PORTCULLIS_PORTCULLIS_IDENTITY_";
  static final String BASE_URL = "http://auth-server.localhost.com:8080/";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final int PUBLIC_PORT = TestIdentity.freePort();
  static final int ADMIN_PORT = TestIdentity.freePort();
  static final Vertx VERTX = Vertx.vertx();
  static IdentityRole role;
  static String startLog;
  /** The seed's mail server (mailslurper there, with user test:test over implicit TLS): GreenMail here. */
  static TestMail mail;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "origin");
    mail = new TestMail().withUser("test", "test");
    String seed = new String(SeedKratosConfigTest.class.getResourceAsStream("/seed/kratos-server-config.yml")
        .readAllBytes(), StandardCharsets.UTF_8);
    Path config = dir.resolve("portcullis.yml");
    Files.writeString(config, "portcullis:\n  identity:\n    enabled: true\n" + seed.indent(4));
    Path schema = Path.of(SeedKratosConfigTest.class.getResource("/seed/admin.schema.json").toURI());
    Map<String, String> env = Map.of(
        ENV + "DSN", TestPostgres.newDatabase(),
        ENV + "SERVE_PUBLIC_HOST", "127.0.0.1",
        ENV + "SERVE_PUBLIC_PORT", String.valueOf(PUBLIC_PORT),
        ENV + "SERVE_ADMIN_HOST", "127.0.0.1",
        ENV + "SERVE_ADMIN_PORT", String.valueOf(ADMIN_PORT),
        ENV + "COURIER_SMTP_CONNECTION_URI", mail.smtpsUri(),
        ENV + "IDENTITY_SCHEMAS", "[{id: admin, url: \"" + schema.toUri() + "\"}]");
    IdentityConfig identity = ConfigLoader.load(config, env).config().portcullis().identity();
    assertThat(identity.serve().publicApi().baseUrl()).isEqualTo(BASE_URL);
    startLog = capturingStandardError(() -> role = IdentityRole.start(VERTX, identity, 2).await());
  }

  @AfterAll
  static void stop() {
    if (role != null) {
      role.close().await();
    }
    VERTX.close().await();
    if (mail != null) {
      mail.close();
    }
  }

  @Test
  void noSeedMethodIsLoggedAsUnimplemented() {
    assertThat(startLog).doesNotContain("refused").doesNotContain("accepted but not implemented")
        .doesNotContain("methods.password").doesNotContain("methods.profile").doesNotContain("methods.link")
        .doesNotContain("methods.oidc").doesNotContain("methods.webauthn").doesNotContain("methods.passkey")
        .doesNotContain("methods.totp").doesNotContain("methods.lookup_secret");
  }

  @Test
  void registrationIsDisabledAsInKratos() throws Exception {
    HttpResponse<String> api = get("/self-service/registration/api", Map.of());
    assertThat(api.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(api.body()).getJsonObject("error")).isEqualTo(new JsonObject()
        .put("id", "self_service_flow_disabled").put("code", 400).put("status", "Bad Request")
        .put("reason", "Registration is not allowed because it was disabled.")
        .put("message", "The request was malformed or contained invalid parameters"));

    // A browser is sent to the seed's error page, where the UI fetches the same error.
    HttpResponse<String> browser = get("/self-service/registration/browser", Map.of("Accept", "text/html"));
    assertThat(browser.statusCode()).isEqualTo(303);
    String location = browser.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("http://auth.localhost.com:8080/error?id=");
    HttpResponse<String> error = get("/self-service/errors?id=" + location.substring(location.indexOf("id=") + 3),
        Map.of());
    assertThat(new JsonObject(error.body()).getJsonObject("error").getString("reason"))
        .isEqualTo("Registration is not allowed because it was disabled.");
  }

  @Test
  void theBrowserLoginGoesToTheSeedsLoginPageWithTheSeedsCookieSettingsAndNoPasswordNodes() throws Exception {
    HttpResponse<String> r = get("/self-service/login/browser", Map.of("Accept", "text/html"));
    assertThat(r.statusCode()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches("http://auth\\.localhost\\.com:8080/login\\?flow=[0-9a-f-]{36}");

    // Kratos names the cookie after its public URL as configured, and sets cookies.domain and cookies.path. The
    // seed's SameSite=None needs Secure, which an http:// base URL cannot have: Kratos then sets Lax, and so do we.
    String csrf = "csrf_token_" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(BASE_URL.getBytes(StandardCharsets.UTF_8)));
    String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(csrf + "=")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + csrf + " cookie in " + r.headers().allValues("Set-Cookie")));
    List<String> attributes = List.of(cookie.toLowerCase().split(";\\s*"));
    assertThat(attributes).contains("domain=localhost.com", "path=/", "httponly", "samesite=lax")
        .doesNotContain("secure");

    String flowId = location.substring(location.indexOf("flow=") + 5);
    HttpResponse<String> flow = get("/self-service/login/flows?id=" + flowId, Map.of("Cookie",
        cookie.substring(0, cookie.indexOf(';'))));
    assertThat(flow.statusCode()).isEqualTo(200);
    JsonObject ui = new JsonObject(flow.body()).getJsonObject("ui");
    assertThat(ui.getString("action")).isEqualTo("http://auth-server.localhost.com:8080/self-service/login?flow="
        + flowId);
    JsonArray nodes = ui.getJsonArray("nodes");
    assertThat(nodes.stream().map(n -> ((JsonObject) n).getString("group"))).doesNotContain("password");
    // Password is off; the seed's webauthn (passwordless) and passkey methods offer their first-factor nodes.
    assertThat(nodes.stream().map(n -> ((JsonObject) n).getJsonObject("attributes").getString("name")))
        .doesNotContain("password").contains("identifier", "method", "passkey_challenge", "passkey_login",
            "passkey_login_trigger");
    assertThat(nodes.stream().map(n -> ((JsonObject) n).getJsonObject("attributes").getString("src")))
        .contains("http://auth-server.localhost.com:8080/.well-known/ory/webauthn.js");
    JsonObject challenge = new JsonObject(nodes.stream().map(JsonObject.class::cast)
        .filter(n -> "passkey_challenge".equals(n.getJsonObject("attributes").getString("name"))).findFirst()
        .orElseThrow().getJsonObject("attributes").getString("value"));
    assertThat(challenge.getJsonObject("publicKey").getString("rpId")).isEqualTo("localhost.com");
    // The seed's google provider: one submit button, first, labelled as Kratos labels it.
    JsonObject google = nodes.getJsonObject(0);
    assertThat(google.getString("group")).isEqualTo("oidc");
    assertThat(google.getJsonObject("attributes").getMap()).containsEntry("name", "provider")
        .containsEntry("value", "google").containsEntry("type", "submit");
    assertThat(google.getJsonObject("meta").getJsonObject("label")).isEqualTo(new JsonObject().put("id", 1010002)
        .put("text", "Sign in with Google").put("type", "info")
        .put("context", new JsonObject().put("provider", "Google").put("provider_id", "google")));
  }

  @Test
  void allowedReturnUrlsAreEnforced() throws Exception {
    HttpResponse<String> allowed = get("/self-service/login/browser?return_to="
        + "http%3A%2F%2Fvmagent.localhost.com%3A8080%2Fgraph", Map.of("Accept", "application/json"));
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(allowed.body()).getString("return_to"))
        .isEqualTo("http://vmagent.localhost.com:8080/graph");

    for (String refused : List.of("http://evil.example/", "http://vmagent.localhost.com:9090/", "https://vmagent"
        + ".localhost.com:8080/", "http://localhost.com.evil.example:8080/")) {
      HttpResponse<String> r = get("/self-service/login/browser?return_to=" + java.net.URLEncoder.encode(refused,
          StandardCharsets.UTF_8), Map.of("Accept", "application/json"));
      assertThat(r.statusCode()).as(refused).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getJsonObject("error").getString("id"))
          .isEqualTo("self_service_flow_return_to_forbidden");
    }
  }

  @Test
  void corsAsTheSeedConfiguresIt() throws Exception {
    HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(publicUrl() + "/sessions/whoami"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://auth.localhost.com")
        .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "Content-Type")
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isLessThan(300);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://auth.localhost.com");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

    // allowed_headers is [Content-Type] only.
    HttpResponse<String> otherHeader = HTTP.send(HttpRequest.newBuilder(URI.create(publicUrl()
            + "/sessions/whoami")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://auth.localhost.com").header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "X-Session-Token").timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(otherHeader.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

    HttpResponse<String> actual = get("/sessions/whoami", Map.of("Origin", "http://grafana.localhost.com"));
    assertThat(actual.statusCode()).isEqualTo(401);
    assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://grafana.localhost.com");
    // As rs/cors matches http://*.localhost.com: an origin with a port does not end in .localhost.com.
    for (String other : List.of("http://evil.example", "http://auth.localhost.com:8080")) {
      assertThat(get("/sessions/whoami", Map.of("Origin", other)).headers().firstValue("Access-Control-Allow-Origin"))
          .as(other).isEmpty();
    }
  }

  @Test
  void sessionLifespanAndPrivilegedSessionMaxAgeApply() throws Exception {
    String email = "operator@localhost.com";
    HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(adminUrl() + "/admin/identities"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
            .put("schema_id", "admin").put("traits", new JsonObject().put("email", email).put("name", "Op"))
            .encode())));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    UUID identityId = UUID.fromString(new JsonObject(created.body()).getString("id"));
    // No login method of the seed is implemented yet: sessions are issued as a login would, on the same database.
    String stale = issue(identityId, Duration.ofMinutes(16));
    String fresh = issue(identityId, Duration.ofMinutes(14));

    // session.whoami.required_aal highest_available is aal1 here: an aal1 session is enough.
    HttpResponse<String> whoami = get("/sessions/whoami", Map.of("X-Session-Token", stale));
    assertThat(whoami.statusCode()).isEqualTo(200);
    String sessionId = new JsonObject(whoami.body()).getString("id");

    // session.lifespan (24h): extending sets it (earliest_possible_extend defaults to the lifespan: any time).
    HttpResponse<String> extended = send(HttpRequest.newBuilder(URI.create(adminUrl() + "/admin/sessions/"
        + sessionId + "/extend")).method("PATCH", HttpRequest.BodyPublishers.noBody()));
    assertThat(extended.statusCode()).isEqualTo(200);
    assertThat(OffsetDateTime.parse(new JsonObject(extended.body()).getString("expires_at")))
        .isCloseTo(OffsetDateTime.now().plusHours(24), within(1, ChronoUnit.MINUTES));

    // selfservice.flows.settings.privileged_session_max_age (15m): the email is an identifier and an address.
    assertThat(settings(stale, new JsonObject().put("email", email).put("name", "Still op")).statusCode())
        .isEqualTo(200);
    HttpResponse<String> refused = settings(stale, new JsonObject().put("email", "new@localhost.com"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("id"))
        .isEqualTo("session_refresh_required");
    assertThat(settings(fresh, new JsonObject().put("email", "new@localhost.com")).statusCode()).isEqualTo(200);
  }

  @Test
  void recoveryByTheMailedLinkGoesThroughTheSeedsCourierAndEndsTheOtherSessions() throws Exception {
    String email = "locked-out@localhost.com";
    HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(adminUrl() + "/admin/identities"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
            .put("schema_id", "admin").put("traits", new JsonObject().put("email", email).put("name", "Lo"))
            .encode())));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String other = issue(UUID.fromString(new JsonObject(created.body()).getString("id")), Duration.ofMinutes(1));

    // A browser flow (the seed's use: link); its anti-CSRF cookie is for the seed's domain, so it is sent by hand.
    HttpResponse<String> flow = get("/self-service/recovery/browser", Map.of("Accept", "application/json"));
    assertThat(flow.statusCode()).as(flow.body()).isEqualTo(200);
    String csrfCookie = flow.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("csrf_token"))
        .findFirst().orElseThrow().split(";", 2)[0];
    JsonObject f = new JsonObject(flow.body());
    String token = f.getJsonObject("ui").getJsonArray("nodes").stream().map(JsonObject.class::cast)
        .map(n -> n.getJsonObject("attributes")).filter(a -> "csrf_token".equals(a.getString("name")))
        .findFirst().orElseThrow().getString("value");
    HttpResponse<String> sent = send(HttpRequest.newBuilder(URI.create(publicUrl() + "/self-service/recovery?flow="
            + f.getString("id"))).header("Cookie", csrfCookie).header("Content-Type", "application/json")
        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
            .put("method", "link").put("email", email).put("csrf_token", token).encode())));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
    assertThat(new JsonObject(sent.body()).getString("state")).isEqualTo("sent_email");

    TestMail.Mail received = mail.await(m -> m.to().contains(email), 1, Duration.ofSeconds(15)).get(0);
    assertThat(received.from()).isEqualTo("Developer Friendly Blog <kratos@developer-friendly.blog>");
    java.util.regex.Matcher link = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(BASE_URL)
        + "self-service/recovery\\?[^\\s\"<>]+").matcher(received.text());
    assertThat(link.find()).as("a link on the seed's base_url in:\n" + received.text()).isTrue();
    HttpResponse<String> followed = send(HttpRequest.newBuilder(URI.create(link.group().replace("&amp;", "&")
        .replace(BASE_URL, publicUrl() + "/"))).header("Cookie", csrfCookie));
    assertThat(followed.statusCode()).as(followed.body()).isEqualTo(303);
    assertThat(followed.headers().firstValue("Location").orElseThrow())
        .startsWith("http://auth.localhost.com:8080/settings?flow=");
    assertThat(followed.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("ory_kratos_session="));
    // flows.recovery.after.hooks: [revoke_active_sessions]
    assertThat(get("/sessions/whoami", Map.of("X-Session-Token", other)).statusCode()).isEqualTo(401);
  }

  /** A session of {@code identityId} authenticated {@code ago}, with a short lifespan of its own. */
  static String issue(UUID identityId, Duration ago) {
    SessionService sessions = new SessionService(role.pool(), new SessionStore(), new IdentityStore(), new Outbox(),
        Clock.offset(Clock.systemUTC(), ago.negated()), ago.plusMinutes(5));
    var identity = new IdentityStore().get(role.pool(), identityId).await().orElseThrow();
    return role.pool().withTransaction(tx -> sessions.issue(tx, identity, "webauthn",
        new ClientInfo("127.0.0.1", "test"))).await().token();
  }

  static HttpResponse<String> settings(String token, JsonObject traits) throws Exception {
    HttpResponse<String> flow = get("/self-service/settings/api", Map.of("X-Session-Token", token));
    assertThat(flow.statusCode()).as(flow.body()).isEqualTo(200);
    String id = new JsonObject(flow.body()).getString("id");
    return send(HttpRequest.newBuilder(URI.create(publicUrl() + "/self-service/settings?flow=" + id))
        .header("X-Session-Token", token).header("Content-Type", "application/json").header("Accept",
            "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("method", "profile")
            .put("traits", traits).encode())));
  }

  static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(publicUrl() + path));
    headers.forEach(b::header);
    return send(b);
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String publicUrl() {
    return "http://127.0.0.1:" + PUBLIC_PORT;
  }

  static String adminUrl() {
    return "http://127.0.0.1:" + ADMIN_PORT;
  }

  /** Runs {@code start} with standard error (where the test logger writes) also copied to the returned text. */
  static String capturingStandardError(ThrowingRunnable start) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        original.write(b);
        copy.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        original.write(b, off, len);
        copy.write(b, off, len);
      }
    }, true, StandardCharsets.UTF_8));
    try {
      start.run();
    } finally {
      System.setErr(original);
    }
    return copy.toString(StandardCharsets.UTF_8);
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
