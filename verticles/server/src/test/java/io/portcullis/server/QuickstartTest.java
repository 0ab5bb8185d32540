package io.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart's files start a node that behaves as its banner promises. */
class QuickstartTest {
  @TempDir
  Path dir;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void theStoryTheBannerTellsIsTrue() throws Exception {
    int proxy = freePort();
    int api = freePort();
    int metrics = freePort();
    int upstream = freePort();
    Path config = QuickstartFiles.write(dir, proxy, api, metrics, upstream);
    Vertx vertx = Vertx.vertx();
    DemoUpstream.start(vertx, upstream);
    try (Node node = Node.start(ConfigLoader.load(config, Map.of()))) {
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> pub = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy
          + "/public/hello")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(pub.statusCode()).isEqualTo(200);
      assertThat(pub.body()).contains("\"X-User\" : \"guest\"");
      assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy + "/admin")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
      HttpResponse<String> priv = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy
          + "/private")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(priv.statusCode()).isEqualTo(401);
      assertThat(priv.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Portcullis quickstart\"");
      assertThat(QuickstartFiles.banner(dir, proxy, api, metrics, upstream))
          .contains("http://127.0.0.1:" + proxy + "/public/hello");
    } finally {
      vertx.close().await();
    }
  }
}
