package io.portcullis.server.it;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Identities and sessions through the identity role's own APIs: admin create, API-flow login, admin revoke. */
final class Sessions {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Login(String token, String sessionId, String identityId) {
  }

  private Sessions() {
  }

  /**
   * The {@code portcullis.identity} block of a test node (indented for a place under {@code portcullis:}): the role on
   * {@code dsn} and loopback ports, with fast hashing. Callers may append more identity keys indented by four spaces.
   */
  static String identityConfig(String dsn, int publicPort, int adminPort) {
    return """
          identity:
            enabled: true
            dsn: %s
            serve:
              public: {port: %d, host: 127.0.0.1}
              admin: {port: %d, host: 127.0.0.1}
            hashers: {argon2: {memory: 1MB, iterations: 1}}
        """.formatted(dsn, publicPort, adminPort);
  }

  /**
   * The handlers of a test node whose rules check sessions with the identity role on {@code publicPort}
   * ({@code cookie_session} against its whoami, {@code allow}, {@code noop}), rules read from {@code repository}.
   * Callers may append more authenticators indented by two spaces.
   */
  static String cookieSessionHandlers(String repository, int publicPort) {
    return """
        access_rules: {repositories: ["%s"]}
        authorizers: {allow: {enabled: true}}
        mutators: {noop: {enabled: true}}
        authenticators:
          cookie_session:
            enabled: true
            config: {check_session_url: "http://127.0.0.1:%d/sessions/whoami", preserve_path: true,
              subject_from: identity.id}
        """.formatted(repository, publicPort);
  }

  /** The rule {@code private}: {@code GET /private/*} to {@code upstreamPort} for a valid {@code cookie_session}. */
  static String privateRule(int upstreamPort) {
    return """
        - id: private
          match: {url: "http://<.*>/private/<.*>", methods: [GET]}
          upstream: {url: "http://127.0.0.1:%d"}
          authenticators: [{handler: cookie_session}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
        """.formatted(upstreamPort);
  }

  static String createIdentity(int adminPort, String email, String password) throws Exception {
    JsonObject body = new JsonObject().put("schema_id", "default").put("traits", new JsonObject().put("email", email))
        .put("credentials", new JsonObject().put("password", new JsonObject().put("config",
            new JsonObject().put("password", password))));
    return new JsonObject(send("POST", adminPort, "/admin/identities", body, 201)).getString("id");
  }

  static Login login(int publicPort, String email, String password) throws Exception {
    JsonObject flow = new JsonObject(send("GET", publicPort, "/self-service/login/api", null, 200));
    JsonObject done = new JsonObject(send("POST", publicPort, "/self-service/login?flow=" + flow.getString("id"),
        new JsonObject().put("method", "password").put("identifier", email).put("password", password), 200));
    JsonObject session = done.getJsonObject("session");
    return new Login(done.getString("session_token"), session.getString("id"),
        session.getJsonObject("identity").getString("id"));
  }

  static void revoke(int adminPort, String sessionId) throws Exception {
    send("DELETE", adminPort, "/admin/sessions/" + sessionId, null, 204);
  }

  static String send(String method, int port, String path, JsonObject body, int expected) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ", expected " + expected + ": "
          + r.body());
    }
    return r.body();
  }
}
