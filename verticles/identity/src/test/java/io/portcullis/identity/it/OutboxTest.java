package io.portcullis.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.kafka.events.EventTypes;
import io.portcullis.identity.TestIdentity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every way sessions end writes a {@code session.revoked} outbox row with the right cause and session ids, and every
 * outbox payload the identity role writes is valid against the event's schema in the kafka module.
 */
class OutboxTest {
  static final String PASSWORD = "correct horse battery 9";
  static final Path SCHEMAS = Path.of("../../kafka/src/main/resources/schemas");
  static TestIdentity identity;
  static final Map<String, Validator> VALIDATORS = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    identity = new TestIdentity("""
        selfservice:
          flows:
            registration:
              after:
                password:
                  hooks: [{hook: session}]
            settings:
              after:
                password:
                  hooks: [{hook: revoke_active_sessions}]
        """);
    identity.vertx.eventBus().<JsonObject>consumer(io.portcullis.contracts.Addresses.SESSION_REVOKED,
        m -> PUBLISHED.add(m.body()));
  }

  /** Revocations seen on the event bus: each arrives from its commit (the fast path) and again from the relay. */
  static final List<JsonObject> PUBLISHED = new java.util.concurrent.CopyOnWriteArrayList<>();

  static void publishedTwice(String identityId) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline && published(identityId) < 2) {
      Thread.sleep(20);
    }
    assertThat(published(identityId)).as("event-bus revocations of " + identityId + ": at commit and by the relay")
        .isEqualTo(2);
  }

  static long published(String identityId) {
    return PUBLISHED.stream().filter(p -> identityId.equals(p.getString("identity_id"))).count();
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  /** A new identity with a password; returns its id. */
  static String createIdentity(String email) throws Exception {
    HttpResponse<String> r = new Browser().postJson(identity.adminUrl() + "/admin/identities", new JsonObject()
        .put("schema_id", "default").put("traits", new JsonObject().put("email", email))
        .put("credentials", new JsonObject().put("password", new JsonObject().put("config",
            new JsonObject().put("password", PASSWORD)))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("id");
  }

  /** An API-flow login; returns the response with {@code session_token} and {@code session}. */
  static JsonObject login(String email, String... headers) throws Exception {
    Browser b = new Browser();
    JsonObject flow = new JsonObject(b.get(identity.publicUrl() + "/self-service/login/api").body());
    HttpResponse<String> r = b.postJson(flow.getJsonObject("ui").getString("action"), new JsonObject()
        .put("method", "password").put("identifier", email).put("password", PASSWORD), headers);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  static String sessionId(JsonObject login) {
    return login.getJsonObject("session").getString("id");
  }

  static int admin(String method, String path, JsonObject body) throws Exception {
    var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(identity.adminUrl() + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(body.encode()));
    return new Browser().send(b).statusCode();
  }

  /** The outbox rows about {@code identityId} of {@code type}, oldest first. */
  static List<JsonObject> rows(String identityId, String type) {
    List<JsonObject> out = new ArrayList<>();
    for (Row r : identity.role.pool().preparedQuery("SELECT type, payload FROM outbox WHERE subject = $1 AND "
        + "type = $2 ORDER BY seq").execute(Tuple.of(identityId, type)).await()) {
      out.add((JsonObject) r.getValue("payload"));
    }
    return out;
  }

  static JsonObject onlyRevocation(String identityId) {
    List<JsonObject> revoked = rows(identityId, EventTypes.SESSION_REVOKED);
    assertThat(revoked).hasSize(1);
    assertValid(EventTypes.SESSION_REVOKED, revoked.get(0));
    return revoked.get(0);
  }

  static List<String> ids(JsonObject payload) {
    JsonArray a = payload.getJsonArray("session_ids");
    List<String> out = new ArrayList<>();
    a.forEach(o -> out.add((String) o));
    return out;
  }

  @Test
  void logout() throws Exception {
    String id = createIdentity("outbox-logout@example.com");
    JsonObject login = login("outbox-logout@example.com");
    HttpResponse<String> r = new Browser().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            identity.publicUrl() + "/self-service/logout/api")).header("Content-Type", "application/json")
        .method("DELETE", java.net.http.HttpRequest.BodyPublishers.ofString(new JsonObject()
            .put("session_token", login.getString("session_token")).encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    JsonObject revoked = onlyRevocation(id);
    assertThat(revoked.getString("cause")).isEqualTo("logout");
    assertThat(revoked.getString("identity_id")).isEqualTo(id);
    assertThat(ids(revoked)).containsExactly(sessionId(login));
    List<JsonObject> logout = rows(id, EventTypes.LOGOUT);
    assertThat(logout).hasSize(1);
    assertThat(logout.get(0).getString("session_id")).isEqualTo(sessionId(login));
  }

  @Test
  void adminRevokeOne() throws Exception {
    String id = createIdentity("outbox-admin@example.com");
    JsonObject a = login("outbox-admin@example.com");
    login("outbox-admin@example.com");
    assertThat(admin("DELETE", "/admin/sessions/" + sessionId(a), null)).isEqualTo(204);
    JsonObject revoked = onlyRevocation(id);
    assertThat(revoked.getString("cause")).isEqualTo("admin");
    assertThat(ids(revoked)).containsExactly(sessionId(a));
    publishedTwice(id);
  }

  @Test
  void revokeAllByHolderAndByAdmin() throws Exception {
    String id = createIdentity("outbox-all@example.com");
    JsonObject keep = login("outbox-all@example.com");
    JsonObject b = login("outbox-all@example.com");
    JsonObject c = login("outbox-all@example.com");
    HttpResponse<String> r = new Browser().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
        identity.publicUrl() + "/sessions")).DELETE(), "X-Session-Token", keep.getString("session_token"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject holder = onlyRevocation(id);
    assertThat(holder.getString("cause")).isEqualTo("revoke_all");
    assertThat(ids(holder)).containsExactlyInAnyOrder(sessionId(b), sessionId(c));

    assertThat(admin("DELETE", "/admin/identities/" + id + "/sessions", null)).isEqualTo(204);
    List<JsonObject> revoked = rows(id, EventTypes.SESSION_REVOKED);
    assertThat(revoked).hasSize(2);
    assertValid(EventTypes.SESSION_REVOKED, revoked.get(1));
    assertThat(revoked.get(1).getString("cause")).isIn("admin", "revoke_all");
    assertThat(ids(revoked.get(1))).containsExactly(sessionId(keep));
  }

  @Test
  void identityDeleted() throws Exception {
    String id = createIdentity("outbox-delete@example.com");
    JsonObject a = login("outbox-delete@example.com");
    JsonObject b = login("outbox-delete@example.com");
    assertThat(admin("DELETE", "/admin/identities/" + id, null)).isEqualTo(204);
    JsonObject revoked = onlyRevocation(id);
    assertThat(revoked.getString("cause")).isEqualTo("identity_deleted");
    assertThat(ids(revoked)).containsExactlyInAnyOrder(sessionId(a), sessionId(b));
    assertThat(rows(id, EventTypes.IDENTITY_DELETED)).hasSize(1);
    publishedTwice(id);
  }

  @Test
  void identityDeactivated() throws Exception {
    String id = createIdentity("outbox-inactive@example.com");
    JsonObject a = login("outbox-inactive@example.com");
    assertThat(admin("PUT", "/admin/identities/" + id, new JsonObject().put("schema_id", "default")
        .put("state", "inactive").put("traits", new JsonObject().put("email", "outbox-inactive@example.com"))))
        .isEqualTo(200);
    JsonObject revoked = onlyRevocation(id);
    assertThat(revoked.getString("cause")).isEqualTo("identity_deactivated");
    assertThat(ids(revoked)).containsExactly(sessionId(a));
    assertThat(rows(id, EventTypes.IDENTITY_UPDATED).get(0).getJsonArray("fields").getList()).contains("state");
    publishedTwice(id);
  }

  @Test
  void passwordChangeWithRevokeHook() throws Exception {
    String id = createIdentity("outbox-password@example.com");
    JsonObject current = login("outbox-password@example.com");
    JsonObject other = login("outbox-password@example.com");
    String token = current.getString("session_token");
    Browser b = new Browser();
    HttpResponse<String> created = b.get(identity.publicUrl() + "/self-service/settings/api", "X-Session-Token",
        token);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    JsonObject flow = new JsonObject(created.body());
    HttpResponse<String> r = b.postJson(flow.getJsonObject("ui").getString("action"), new JsonObject()
        .put("method", "password").put("password", "a brand new passphrase 7"), "X-Session-Token", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject revoked = onlyRevocation(id);
    assertThat(revoked.getString("cause")).isEqualTo("credentials_changed");
    assertThat(ids(revoked)).containsExactly(sessionId(other));
    assertThat(rows(id, EventTypes.SETTINGS_CHANGED)).hasSize(1);
  }

  /** Test order is not fixed, so this drives traffic of every kind itself, then checks every row there is. */
  @Test
  void everyPayloadMatchesItsSchema() throws Exception {
    Browser b = new Browser();
    JsonObject flow = new JsonObject(b.get(identity.publicUrl() + "/self-service/registration/api").body());
    HttpResponse<String> r = b.postJson(flow.getJsonObject("ui").getString("action"), new JsonObject()
        .put("method", "password").put("password", PASSWORD)
        .put("traits", new JsonObject().put("email", "outbox-schema@example.com")), "User-Agent", "x".repeat(400));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    login("outbox-schema@example.com", "User-Agent", "y".repeat(300));
    flow = new JsonObject(b.get(identity.publicUrl() + "/self-service/login/api").body());
    r = b.postJson(flow.getJsonObject("ui").getString("action"), new JsonObject().put("method", "password")
        .put("identifier", "outbox-schema@example.com").put("password", "wrong password 1"));
    assertThat(r.statusCode()).isEqualTo(400);
    String created = createIdentity("outbox-schema2@example.com");
    assertThat(admin("PATCH", "/admin/identities/" + created, null)).isEqualTo(400);
    var patch = java.net.http.HttpRequest.newBuilder(java.net.URI.create(identity.adminUrl() + "/admin/identities/"
        + created)).header("Content-Type", "application/json").method("PATCH",
        java.net.http.HttpRequest.BodyPublishers.ofString("[{\"op\":\"replace\",\"path\":\"/metadata_public\","
            + "\"value\":{\"a\":1}}]"));
    assertThat(new Browser().send(patch).statusCode()).isEqualTo(200);

    int n = 0;
    for (Row row : identity.role.pool().query("SELECT type, payload FROM outbox ORDER BY seq").execute().await()) {
      assertValid(row.getString("type"), (JsonObject) row.getValue("payload"));
      n++;
    }
    assertThat(n).isGreaterThanOrEqualTo(6);
  }

  @Test
  void validatorRejectsWhatTheSchemaForbids() {
    JsonObject ok = new JsonObject().put("identity_id", java.util.UUID.randomUUID().toString())
        .put("session_ids", new JsonArray().add("s")).put("cause", "logout");
    assertValid(EventTypes.SESSION_REVOKED, ok);
    Validator v = VALIDATORS.get(EventTypes.SESSION_REVOKED);
    assertThat(v.validate(ok.copy().put("extra", 1)).getValid()).isFalse();
    assertThat(v.validate(ok.copy().put("cause", "bored")).getValid()).isFalse();
    assertThat(v.validate(ok.copy().put("user_agent", "z".repeat(257))).getValid()).isFalse();
  }

  /** Validates {@code payload} against the {@code data} schema of {@code type} in the kafka module. */
  static void assertValid(String type, JsonObject payload) {
    Validator v = VALIDATORS.computeIfAbsent(type, t -> {
      try {
        JsonObject schema = new JsonObject(Files.readString(SCHEMAS.resolve(t + ".json")));
        JsonObject props = schema.getJsonObject("properties");
        // The files describe an event's data; should one describe the whole envelope, its data property is used.
        JsonObject data = props != null && props.getValue("data") instanceof JsonObject d ? d : schema;
        return Validator.create(JsonSchema.of(data), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
            .setBaseUri("https://portcullis.sh/schemas/"));
      } catch (java.io.IOException e) {
        throw new AssertionError("no schema for " + t, e);
      }
    });
    OutputUnit out = v.validate(payload);
    assertThat(out.getValid()).as("%s payload %s: %s", type, payload.encode(), out.getErrors()).isTrue();
  }
}
