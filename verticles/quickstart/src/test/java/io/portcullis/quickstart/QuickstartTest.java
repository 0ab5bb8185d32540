package io.portcullis.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.config.ConfigLoader;
import io.portcullis.server.Node;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart's files, database and demo identity start a node that behaves as its banner promises. */
class QuickstartTest {
  @TempDir
  Path dir;

  final HttpClient client = HttpClient.newHttpClient();

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void theStoryTheBannerTellsIsTrue() throws Exception {
    Ports ports = new Ports(freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
    Vertx vertx = Vertx.vertx();
    try (QuickstartPostgres postgres = QuickstartPostgres.start(dir, 0)) {
      DemoUpstream.start(vertx, ports.upstream());
      Path config = QuickstartFiles.write(dir, ports, postgres.dsn());
      try (Node node = Node.start(ConfigLoader.load(config, Map.of()))) {
        proxyTour(ports);
        DemoIdentity.Credentials demo = DemoIdentity.ensure(dir, ports.identityAdminUrl());
        assertThat(demo.created()).isTrue();
        // A rerun finds the identity (409) and still knows its password.
        assertThat(DemoIdentity.ensure(dir, ports.identityAdminUrl())).isEqualTo(
            new DemoIdentity.Credentials(demo.email(), demo.password(), false));
        identityTour(ports, demo);
        browserTour(ports);
        assertThat(QuickstartFiles.banner(dir, ports, demo))
            .contains(ports.proxyUrl() + "/app/")
            .contains(ports.identityUrl() + "/ui/welcome")
            .contains(ports.proxyUrl() + "/public/hello")
            .contains(demo.email() + " / " + demo.password())
            .contains(ports.identityUrl() + "/self-service/login/api")
            .contains(ports.identityAdminUrl() + "/admin/identities");
      }
    } finally {
      vertx.close().await();
    }
  }

  private void proxyTour(Ports ports) throws Exception {
    HttpResponse<String> pub = get(ports.proxyUrl() + "/public/hello", Map.of());
    assertThat(pub.statusCode()).isEqualTo(200);
    assertThat(pub.body()).contains("\"X-User\" : \"guest\"");
    assertThat(get(ports.proxyUrl() + "/admin", Map.of()).statusCode()).isEqualTo(403);
    HttpResponse<String> priv = get(ports.proxyUrl() + "/private", Map.of());
    assertThat(priv.statusCode()).isEqualTo(401);
    assertThat(priv.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Portcullis quickstart\"");
  }

  /** What the banner's curl lines do: API login flow, whoami with the token, the admin list. */
  private void identityTour(Ports ports, DemoIdentity.Credentials demo) throws Exception {
    HttpResponse<String> flow = get(ports.identityUrl() + "/self-service/login/api", Map.of());
    assertThat(flow.statusCode()).isEqualTo(200);
    String flowId = new JsonObject(flow.body()).getString("id");
    HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(ports.identityUrl()
            + "/self-service/login?flow=" + flowId))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("method", "password")
            .put("identifier", demo.email()).put("password", demo.password()).encode()))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    String token = new JsonObject(login.body()).getString("session_token");
    HttpResponse<String> whoami = get(ports.identityUrl() + "/sessions/whoami", Map.of("X-Session-Token", token));
    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(whoami.body()).getJsonObject("identity").getJsonObject("traits").getString("email"))
        .isEqualTo(DemoIdentity.EMAIL);
    HttpResponse<String> list = get(ports.identityAdminUrl() + "/admin/identities", Map.of());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(DemoIdentity.EMAIL);
  }

  /** The banner's browser line: /app without a session goes to the login page with return_to, which serves. */
  private void browserTour(Ports ports) throws Exception {
    HttpResponse<String> app = get(ports.proxyUrl() + "/app/", Map.of("Accept", "text/html"));
    assertThat(app.statusCode()).isEqualTo(302);
    String login = app.headers().firstValue("Location").orElseThrow();
    assertThat(login).isEqualTo(ports.identityUrl() + "/ui/login?return_to="
        + java.net.URLEncoder.encode(ports.proxyUrl() + "/app/", java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> init = get(login, Map.of("Accept", "text/html"));
    assertThat(init.statusCode()).isEqualTo(303);
    assertThat(init.headers().firstValue("Location").orElseThrow()).startsWith(ports.identityUrl()
        + "/self-service/login/browser?return_to=");
    HttpResponse<String> flow = get(init.headers().firstValue("Location").orElseThrow(), Map.of("Accept", "text/html"));
    assertThat(flow.statusCode()).as("the return_to is allowed").isEqualTo(303);
    assertThat(flow.headers().firstValue("Location").orElseThrow()).startsWith(ports.identityUrl() + "/ui/login?flow=");
  }

  private HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    headers.forEach(b::header);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
