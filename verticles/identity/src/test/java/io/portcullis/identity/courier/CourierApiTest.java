package io.portcullis.identity.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.portcullis.identity.TestIdentity;
import io.portcullis.identity.TestMail;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sh.ory.kratos.ApiClient;
import sh.ory.kratos.ApiException;
import sh.ory.kratos.model.CourierMessageStatus;
import sh.ory.kratos.model.Message;

/**
 * The identity role's courier end to end: flows' {@code Courier} queues, the role delivers to GreenMail, and the admin
 * API answers in Kratos' JSON (checked field by field, and by the official Kratos client, which validates responses
 * against the v25.4.0 spec).
 */
class CourierApiTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static TestMail mail;
  static TestIdentity identity;
  static final List<UUID> SENT = new ArrayList<>();
  static UUID queuedLast;

  @BeforeAll
  static void start() throws Exception {
    mail = new TestMail();
    identity = new TestIdentity("""
        courier:
          smtp: {connection_uri: "%s", from_address: accounts@example.com}
          worker: {pull_wait: 100ms}
        """.formatted(mail.smtpUri()));
    for (int i = 0; i < 12; i++) {
      SENT.add(queue(new Letter("user" + (i % 3) + "@example.com", i % 2 == 0 ? TemplateType.RECOVERY_CODE_VALID
          : TemplateType.VERIFICATION_VALID, new JsonObject().put("RecoveryCode", "1234" + i)
          .put("VerificationURL", "https://id.example.com/v?token=" + i).put("ExpiresInMinutes", 60))));
    }
    mail.await(12, WAIT);
    CourierHarness.await(() -> sentCount() == 12, WAIT, () -> sentCount() + " sent");
  }

  static UUID queue(Letter letter) {
    return identity.role.pool().withTransaction(tx -> identity.role.courier().queue(tx, letter)).await();
  }

  static long sentCount() {
    return identity.role.pool().query("SELECT count(*) FROM courier_messages WHERE status = 'sent'").execute().await()
        .iterator().next().getLong(0);
  }

  @AfterAll
  static void stop() {
    identity.close();
    mail.close();
  }

  static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(identity.adminUrl() + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theListIsKratosJsonNewestFirstTenToAPageWithBodiesRedacted() throws Exception {
    HttpResponse<String> r = get("/admin/courier/messages");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray list = new JsonArray(r.body());
    assertThat(list).hasSize(10);
    JsonObject newest = list.getJsonObject(0);
    assertThat(newest.fieldNames()).containsExactly("id", "status", "type", "recipient", "body", "subject",
        "template_type", "channel", "send_count", "created_at", "updated_at");
    assertThat(newest.getString("id")).isEqualTo(SENT.get(11).toString());
    assertThat(newest.getString("status")).isEqualTo("sent");
    assertThat(newest.getString("type")).isEqualTo("email");
    assertThat(newest.getString("channel")).isEqualTo("email");
    assertThat(newest.getString("template_type")).isEqualTo("verification_valid");
    assertThat(newest.getString("subject")).isEqualTo("Please verify your email address");
    assertThat(newest.getString("body")).isEqualTo("<redacted-unless-dev-mode>");
    assertThat(newest.getInteger("send_count")).isEqualTo(1);
    assertThat(r.headers().firstValue("Link")).hasValueSatisfying(l -> assertThat(l).contains("rel=\"next\""));
  }

  @Test
  void filtersByStatusAndRecipientAndPagesWithTheLinkHeaderKeepingThem() throws Exception {
    List<String> ids = new ArrayList<>();
    String next = "/admin/courier/messages?recipient=user1%40example.com&status=sent&page_size=2";
    int pages = 0;
    while (next != null) {
      HttpResponse<String> r = get(next);
      assertThat(r.statusCode()).isEqualTo(200);
      new JsonArray(r.body()).forEach(o -> ids.add(((JsonObject) o).getString("id")));
      Matcher m = Pattern.compile("<" + Pattern.quote(identity.adminUrl()) + "([^>]*)>; rel=\"next\"")
          .matcher(r.headers().firstValue("Link").orElseThrow());
      next = m.find() ? m.group(1) : null;
      if (next != null) {
        assertThat(next).contains("status=sent").contains("recipient=user1%40example.com");
      }
      pages++;
    }
    List<String> expected = new ArrayList<>();
    for (int i = 11; i >= 0; i--) {
      if (i % 3 == 1) {
        expected.add(SENT.get(i).toString());
      }
    }
    assertThat(ids).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(2);
    assertThat(new JsonArray(get("/admin/courier/messages?status=abandoned").body())).isEmpty();
    assertThat(new JsonArray(get("/admin/courier/messages?recipient=nobody%40example.com").body())).isEmpty();
  }

  @Test
  void badParametersAreKratosErrors() throws Exception {
    HttpResponse<String> r = get("/admin/courier/messages?status=lost");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject("{\"error\":{\"code\":400,\"status\":"
        + "\"Bad Request\",\"reason\":\"Message status is not valid\",\"message\":\"The request was malformed or "
        + "contained invalid parameters\"}}"));
    r = get("/admin/courier/messages/not-a-uuid");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject("{\"error\":{\"code\":400,\"status\":"
        + "\"Bad Request\",\"message\":\"uuid: incorrect UUID length 10 in string \\\"not-a-uuid\\\"\"}}"));
    r = get("/admin/courier/messages/" + UUID.randomUUID());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject("{\"error\":{\"code\":404,\"status\":"
        + "\"Not Found\",\"message\":\"Unable to locate the resource\"}}"));
    assertThat(get("/admin/courier/messages?page_size=0").statusCode()).isEqualTo(400);
  }

  @Test
  void oneMessageHasItsDispatches() throws Exception {
    HttpResponse<String> r = get("/admin/courier/messages/" + SENT.get(0));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject m = new JsonObject(r.body());
    assertThat(m.fieldNames()).containsExactly("id", "status", "type", "recipient", "body", "subject",
        "template_type", "channel", "send_count", "dispatches", "created_at", "updated_at");
    assertThat(m.getString("template_type")).isEqualTo("recovery_code_valid");
    assertThat(m.getString("subject")).isEqualTo("Use code 12340 to recover access to your account");
    assertThat(m.getString("body")).isEqualTo("<redacted-unless-dev-mode>");
    JsonObject d = m.getJsonArray("dispatches").getJsonObject(0);
    assertThat(d.fieldNames()).containsExactly("id", "message_id", "status", "created_at", "updated_at");
    assertThat(d.getString("message_id")).isEqualTo(SENT.get(0).toString());
    assertThat(d.getString("status")).isEqualTo("success");
  }

  @Test
  void theOfficialKratosClientReadsTheCourierApi() throws Exception {
    var courier = new sh.ory.kratos.api.CourierApi(new ApiClient().setBasePath(identity.adminUrl()));
    List<Message> page = courier.listCourierMessages(3L, null, CourierMessageStatus.SENT, "user2@example.com");
    assertThat(page).hasSize(3).allSatisfy(m -> {
      assertThat(m.getRecipient()).isEqualTo("user2@example.com");
      assertThat(m.getStatus()).isEqualTo(CourierMessageStatus.SENT);
      assertThat(m.getType()).isEqualTo(sh.ory.kratos.model.CourierMessageType.EMAIL);
    });
    assertThat(page.get(0).getId()).isEqualTo(SENT.get(11).toString());
    Message one = courier.getCourierMessage(SENT.get(2).toString());
    assertThat(one.getTemplateType()).isEqualTo(Message.TemplateTypeEnum.RECOVERY_CODE_VALID);
    assertThat(one.getSendCount()).isEqualTo(1L);
    assertThat(one.getDispatches()).singleElement().satisfies(d -> assertThat(d.getStatus())
        .isEqualTo(sh.ory.kratos.model.MessageDispatch.StatusEnum.SUCCESS));
    ApiException missing = catchThrowableOfType(ApiException.class,
        () -> courier.getCourierMessage(UUID.randomUUID().toString()));
    assertThat(missing.getCode()).isEqualTo(404);
  }

  @Test
  void inDevModeBodiesAreShownAndWithoutSmtpMailStaysQueued() throws Exception {
    try (TestIdentity dev = new TestIdentity("dev: true\n")) {
      UUID id = dev.role.pool().withTransaction(tx -> dev.role.courier().queue(tx, new Letter("ada@example.com",
          TemplateType.RECOVERY_CODE_VALID, new JsonObject().put("RecoveryCode", "987654")))).await();
      JsonObject m = new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create(dev.adminUrl()
          + "/admin/courier/messages/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body());
      assertThat(m.getString("body")).contains("987654");
      assertThat(m.getString("status")).isEqualTo("queued");
      assertThat(m.getInteger("send_count")).isZero();
      assertThat(m.containsKey("dispatches")).isFalse();
    }
  }
}
