package io.portcullis.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.TestIdentity;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression: {@code selfservice.methods.password.enabled: false} (as in the seed kratos.yml) was ignored, so
 * password login stayed open where Kratos refuses it. Now the form has no password nodes and a password submission
 * finds no strategy, even for an identity that has a password.
 */
class DisabledPasswordMethodTest {
  static TestIdentity identity;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    identity = new TestIdentity("""
        selfservice:
          methods:
            password: {enabled: false}
        """);
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  @Test
  void passwordLoginIsRefusedWhenTheMethodIsDisabled() throws Exception {
    send("POST", identity.adminUrl() + "/admin/identities", new JsonObject().put("schema_id", "default")
        .put("traits", new JsonObject().put("email", "ada@example.com")).put("credentials", new JsonObject()
            .put("password", new JsonObject().put("config", new JsonObject().put("password", "correct horse 9")))));
    JsonObject flow = new JsonObject(send("GET", identity.publicUrl() + "/self-service/login/api", null).body());
    assertThat(flow.getJsonObject("ui").getJsonArray("nodes").encode()).doesNotContain("\"password\"");
    HttpResponse<String> r = send("POST", identity.publicUrl() + "/self-service/login?flow=" + flow.getString("id"),
        new JsonObject().put("method", "password").put("identifier", "ada@example.com")
            .put("password", "correct horse 9"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("4010002").doesNotContain("session_token");
  }

  private static HttpResponse<String> send(String method, String url, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
