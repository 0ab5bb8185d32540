package io.portcullis.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.TestIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression: {@code serve.public.cors} (enabled in the seed kratos.yml for {@code http://*.localhost.com}) was
 * accepted but not applied, so single-page apps on another origin could not call the identity service.
 */
class CorsTest {
  static TestIdentity identity;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "origin");
    identity = new TestIdentity("", "cors: {enabled: true, allowed_origins: [\"http://*.example.com\"], "
        + "allow_credentials: true, allowed_headers: [Content-Type, X-Session-Token]}");
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  @Test
  void allowedOriginsGetTheCorsHeadersOthersDoNot() throws Exception {
    HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(identity.publicUrl()
            + "/sessions/whoami")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://app.example.com").header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "X-Session-Token").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isLessThan(300);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://app.example.com");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

    HttpResponse<String> actual = HTTP.send(HttpRequest.newBuilder(URI.create(identity.publicUrl()
        + "/sessions/whoami")).header("Origin", "http://app.example.com").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(actual.statusCode()).isEqualTo(401);
    assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://app.example.com");

    HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(URI.create(identity.publicUrl()
        + "/sessions/whoami")).header("Origin", "http://evil.test").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }
}
