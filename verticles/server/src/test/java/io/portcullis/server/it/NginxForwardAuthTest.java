package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real nginx in front of the echo upstream, asking Portcullis' {@code /decisions} through {@code auth_request}, as
 * operators wire it. nginx must be installed (.ci/run installs it).
 */
class NginxForwardAuthTest {
  static EchoUpstream upstream;
  static TestNode node;
  static Nginx nginx;
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
    upstream = new EchoUpstream();
    node = new TestNode(TestNode.ALL_HANDLERS, RULES, "");
    nginx = new Nginx("""
        server {
          listen 127.0.0.1:%%PORT%%;
          location = /_portcullis {
            internal;
            proxy_pass http://127.0.0.1:%1$d/decisions;
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
            proxy_pass http://127.0.0.1:%2$d;
          }
        }
        """.formatted(node.apiPort, upstream.port()));
    nginxPort = nginx.port;
  }

  @AfterAll
  static void stop() throws Exception {
    if (nginx != null) {
      nginx.close();
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
