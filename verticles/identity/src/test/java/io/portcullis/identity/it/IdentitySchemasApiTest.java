package io.portcullis.identity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.portcullis.identity.TestIdentity;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sh.ory.kratos.ApiClient;
import sh.ory.kratos.ApiException;
import sh.ory.kratos.api.IdentityApi;
import sh.ory.kratos.model.IdentitySchemaContainer;

/**
 * {@code GET /schemas} and {@code GET /schemas/{id}} on both ports, under both paths Kratos knows ({@code /schemas},
 * {@code /admin/schemas}), read with the official client pointed at the admin URL as Kratos' IdentityApi users do.
 */
class IdentitySchemasApiTest {
  static final String OTHER = "{\"type\":\"object\",\"properties\":{\"traits\":{\"type\":\"object\",\"properties\":"
      + "{\"nick\":{\"type\":\"string\"}}}}}";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static TestIdentity identity;
  static JsonObject adminSchema;

  @BeforeAll
  static void start() throws Exception {
    Path file = Path.of(IdentitySchemasApiTest.class.getResource("/seed/admin.schema.json").toURI());
    adminSchema = new JsonObject(Files.readString(file));
    identity = new TestIdentity("""
        identity:
          default_schema_id: admin
          schemas:
            - {id: admin, url: "%s"}
            - {id: "other one", url: "base64://%s"}
        """.formatted(file.toUri(), Base64.getEncoder().encodeToString(OTHER.getBytes(StandardCharsets.UTF_8))));
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  @Test
  void officialClientListsAndReadsSchemasFromTheAdminUrl() throws Exception {
    IdentityApi admin = new IdentityApi(new ApiClient().setBasePath(identity.adminUrl()));
    var listed = admin.listIdentitySchemas(null, null, null, null);
    assertThat(listed).extracting(IdentitySchemaContainer::getId).containsExactly("admin", "other one");
    assertThat(new JsonObject(asMap(listed.get(0).getSchema()))).isEqualTo(adminSchema);
    assertThat(new JsonObject(asMap(admin.getIdentitySchema("admin")))).isEqualTo(adminSchema);
    // As Kratos: an id that is not found is tried again base64url-decoded.
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString("other one".getBytes(StandardCharsets.UTF_8));
    assertThat(new JsonObject(asMap(admin.getIdentitySchema(encoded)))).isEqualTo(new JsonObject(OTHER));

    ApiException missing = catchThrowableOfType(() -> admin.getIdentitySchema("no.such.schema"), ApiException.class);
    assertThat(missing).isNotNull();
    assertThat(missing.getCode()).isEqualTo(404);
    assertThat(new JsonObject(missing.getResponseBody()).getJsonObject("error").getString("reason"))
        .isEqualTo("Identity schema `no.such.schema` could not be found.");
  }

  @Test
  void bothPathsAnswerOnBothPorts() throws Exception {
    for (String base : new String[] {identity.adminUrl(), identity.publicUrl()}) {
      for (String path : new String[] {"/schemas", "/admin/schemas"}) {
        HttpResponse<String> list = get(base + path);
        assertThat(list.statusCode()).as(base + path).isEqualTo(200);
        assertThat(new io.vertx.core.json.JsonArray(list.body()).getJsonObject(0).getString("id")).isEqualTo("admin");
        HttpResponse<String> one = get(base + path + "/admin");
        assertThat(one.statusCode()).as(base + path + "/admin").isEqualTo(200);
        assertThat(new JsonObject(one.body())).isEqualTo(adminSchema);
      }
    }
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }
}
