package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real nginx in front of the echo upstream, asking Portcullis' {@code /decisions} through {@code auth_request}, as
 * operators wire it. nginx must be installed (.ci/run installs it).
 */
class NginxForwardAuthTest {
  static final String NGINX = "/usr/sbin/nginx";
  static EchoUpstream upstream;
  static TestNode node;
  static Process nginx;
  static int nginxPort;

  static final String RULES = """
      - id: public
        match: {url: "http://<[^/]+>/public/<.*>", methods: [GET, POST]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}]
      - id: admin
        match: {url: "http://<[^/]+>/admin<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: deny}
        mutators: [{handler: noop}]
      - id: login
        match: {url: "http://<[^/]+>/private<.*>", methods: [GET]}
        authenticators: [{handler: unauthorized}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
      """;

  @BeforeAll
  static void start() throws Exception {
    assertThat(new File(NGINX)).as("nginx is required for this test (apt-get install -y nginx)").exists();
    upstream = new EchoUpstream();
    node = new TestNode(TestNode.ALL_HANDLERS, RULES, "");
    nginxPort = FreePorts.next();
    Path dir = Files.createTempDirectory("portcullis-nginx");
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, """
        worker_processes 1;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path %1$s/body; proxy_temp_path %1$s/proxy; fastcgi_temp_path %1$s/fcgi;
          uwsgi_temp_path %1$s/uwsgi; scgi_temp_path %1$s/scgi;
          server {
            listen 127.0.0.1:%2$d;
            location = /_portcullis {
              internal;
              proxy_pass http://127.0.0.1:%3$d/decisions;
              proxy_pass_request_body off;
              proxy_set_header Content-Length "";
              proxy_set_header X-Forwarded-Method $request_method;
              proxy_set_header X-Forwarded-Proto $scheme;
              proxy_set_header X-Forwarded-Host $http_host;
              proxy_set_header X-Forwarded-Uri $request_uri;
            }
            location / {
              auth_request /_portcullis;
              auth_request_set $portcullis_user $upstream_http_x_user;
              proxy_set_header X-User $portcullis_user;
              proxy_pass http://127.0.0.1:%4$d;
            }
          }
        }
        """.formatted(dir, nginxPort, node.apiPort, upstream.port()));
    nginx = new ProcessBuilder(NGINX, "-p", dir.toString(), "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", nginxPort)) {
        break;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline || !nginx.isAlive()) {
          throw new AssertionError("nginx did not start: " + Files.readString(dir.resolve("stdout.log"))
              + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
        }
        Thread.sleep(50);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor(5, TimeUnit.SECONDS);
    }
    if (node != null) {
      node.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @BeforeEach
  void clear() {
    upstream.clear();
  }

  @Test
  void grantedRequestsReachTheUpstreamWithTheIdentityHeader() throws Exception {
    RawHttp.Response r = RawHttp.get(nginxPort, "/public/page", "X-User: forged");
    assertThat(r.status()).isEqualTo(200);
    assertThat(upstream.take().headers().getAll("X-User")).containsExactly("anonymous");
  }

  @Test
  void deniedRequestsStopAtNginx() throws Exception {
    assertThat(RawHttp.get(nginxPort, "/admin").status()).isEqualTo(403);
    assertThat(RawHttp.get(nginxPort, "/private").status()).isEqualTo(401);
    assertThat(upstream.nothingReceived()).isTrue();
  }

  @Test
  void traversalInTheOriginalUriIsNormalizedBeforeDeciding() throws Exception {
    assertThat(RawHttp.get(nginxPort, "/public/../admin").status()).isEqualTo(403);
    assertThat(RawHttp.get(nginxPort, "/public/%2e%2e/admin").status()).isEqualTo(403);
    assertThat(upstream.nothingReceived()).isTrue();
  }
}
