package io.portcullis.identity.courier;

import static io.portcullis.identity.courier.CourierHarness.recovery;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.TestMail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery against real SMTP servers (GreenMail; a scripted one for STARTTLS and refusals) and real PostgreSQL. */
class CourierDeliveryTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  private final List<AutoCloseable> open = new ArrayList<>();

  private <T extends AutoCloseable> T open(T resource) {
    open.add(0, resource);
    return resource;
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private CourierHarness courier(String connectionUri, String more) throws Exception {
    return open(new CourierHarness("""
        smtp:
          connection_uri: "%s"
          from_address: no-reply@example.com
          from_name: Portcullis Test
          headers: {X-Portcullis-Test: courier}
          local_name: node-1.example.com
        worker: {pull_wait: 100ms}
        """.formatted(connectionUri) + more));
  }

  @Test
  void mailQueuedInACommittedTransactionIsDeliveredOnceAndOneRolledBackNever() throws Exception {
    TestMail mail = open(new TestMail());
    CourierHarness h = courier(mail.smtpUri(), "");
    h.deliver();
    h.queueAndRollBack(recovery("ghost@example.com", "https://id.example.com/r?token=ghost"));
    UUID id = h.queue(recovery("ada@example.com", "https://id.example.com/self-service/recovery?flow=f&token=t1"));

    TestMail.Mail m = mail.await(1, WAIT).get(0);
    assertThat(m.to()).containsExactly("ada@example.com");
    assertThat(m.from()).isEqualTo("Portcullis Test <no-reply@example.com>");
    assertThat(m.subject()).isEqualTo("Recover access to your account");
    String kratosText = """
        Recover access to your account by clicking the following link:

        https://id.example.com/self-service/recovery?flow=f&token=t1

        If this was not you, do nothing. This link expires in 60 minutes.

        """;
    // MIME keeps the text but not its trailing line breaks; the stored body is Kratos' rendering to the byte
    assertThat(m.text().replace("\r\n", "\n")).isEqualTo(kratosText.strip());
    assertThat(m.html()).contains("<a href=\"https://id.example.com/self-service/recovery?flow=f&amp;token=t1\">");
    assertThat(m.header("X-Portcullis-Test")).isEqualTo("courier");

    CourierMessage stored = h.awaitStatus(id, "sent", WAIT);
    assertThat(stored.body()).isEqualTo(kratosText);
    assertThat(stored.sendCount()).isEqualTo(1);
    assertThat(stored.dispatches()).extracting(CourierMessage.Dispatch::status).containsExactly("success");
    // a later message arrives; the rolled-back one never existed
    h.queue(recovery("bob@example.com", "https://id.example.com/r?token=t2"));
    mail.await(2, WAIT);
    assertThat(mail.to("ghost@example.com")).isEmpty();
    assertThat(h.count("recipient = 'ghost@example.com'")).isZero();
    assertThat(mail.received()).hasSize(2);
  }

  @Test
  void anSmtpOutageLosesNothingAndEveryMessageGoesOnceItIsBack() throws Exception {
    TestMail mail = open(new TestMail());
    CourierHarness h = courier(mail.smtpUri(), "message_retries: 1\n");
    mail.stop();
    h.deliver();
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(h.queue(recovery("user" + i + "@example.com", "https://id.example.com/r?token=" + i)));
    }
    // tried (and recorded) more often than message_retries allows, yet nothing is abandoned
    CourierHarness.await(() -> h.dispatches(ids.get(0)) >= 3, WAIT, () -> h.dispatches(ids.get(0)) + " dispatches");
    assertThat(h.count("status = 'abandoned'")).isZero();
    assertThat(h.message(ids.get(0)).dispatches().get(0).error().getString("reason"))
        .isEqualTo("failed to send email via smtp");

    mail.start();
    for (UUID id : ids) {
      h.awaitStatus(id, "sent", WAIT);
    }
    assertThat(mail.received()).extracting(m -> m.to().get(0))
        .containsExactlyInAnyOrder("user0@example.com", "user1@example.com", "user2@example.com",
            "user3@example.com", "user4@example.com");
  }

  @Test
  void aMessageRefusedForNowIsRetriedWithBackOffThenAbandoned() throws Exception {
    ScriptedSmtpServer smtp = open(new ScriptedSmtpServer(false).replyToMail("451 4.3.0 Try again later"));
    CourierHarness h = courier("smtp://127.0.0.1:" + smtp.port() + "/?disable_starttls=true", "message_retries: 2\n");
    h.deliver();
    UUID id = h.queue(recovery("ada@example.com", "https://id.example.com/r?token=t"));

    CourierMessage m = h.awaitStatus(id, "abandoned", WAIT);
    assertThat(m.sendCount()).isEqualTo(3);
    assertThat(smtp.attempts.get()).isEqualTo(3);
    assertThat(m.dispatches()).hasSize(3).allSatisfy(d -> {
      assertThat(d.status()).isEqualTo("failed");
      assertThat(d.error().getInteger("code")).isEqualTo(500);
      assertThat(d.error().getString("status")).isEqualTo("Internal Server Error");
      assertThat(d.error().getString("reason")).isEqualTo("failed to send email via smtp");
      assertThat(d.error().getString("message")).contains("451");
    });
    // back-off: 100ms, then 200ms between the attempts
    assertThat(Duration.between(m.dispatches().get(2).createdAt(), m.dispatches().get(0).createdAt()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(smtp.received).isEmpty();
  }

  @Test
  void aMessageRefusedForGoodIsAbandonedAtOnceAsKratosDoes() throws Exception {
    ScriptedSmtpServer smtp = open(new ScriptedSmtpServer(false).replyToMail("550 5.7.1 Sender rejected"));
    CourierHarness h = courier("smtp://127.0.0.1:" + smtp.port() + "/?disable_starttls=true", "");
    h.deliver();
    UUID id = h.queue(recovery("ada@example.com", "https://id.example.com/r?token=t"));

    CourierMessage m = h.awaitStatus(id, "abandoned", WAIT);
    assertThat(m.sendCount()).isEqualTo(1);
    assertThat(m.dispatches()).singleElement().satisfies(d -> assertThat(d.error().getString("message"))
        .contains("550"));
  }

  @Test
  void severalWorkersOnOneQueueNeverSendAMessageTwice() throws Exception {
    TestMail mail = open(new TestMail());
    CourierHarness h = courier(mail.smtpUri(), "worker: {pull_wait: 50ms, pull_count: 2}\n");
    h.deliver();
    h.deliver();
    h.deliver();
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(h.queue(recovery("user" + i + "@example.com", "https://id.example.com/r?token=" + i)));
    }
    CourierHarness.await(() -> h.count("status = 'sent'") == ids.size(), WAIT, () -> h.count("status = 'sent'")
        + " sent");
    var perRecipient = mail.received().stream().collect(Collectors.groupingBy(m -> m.to().get(0),
        Collectors.counting()));
    assertThat(perRecipient).hasSize(40).allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
    assertThat(h.count("send_count <> 1")).isZero();
  }

  @Test
  void implicitTlsWithSkipSslVerifyDeliversAndAnUntrustedCertificateDoesNot() throws Exception {
    TestMail mail = open(new TestMail());
    CourierHarness trusting = courier(mail.smtpsUri(), "");
    trusting.deliver();
    trusting.queue(recovery("ada@example.com", "https://id.example.com/r?token=t"));
    assertThat(mail.await(1, WAIT).get(0).subject()).isEqualTo("Recover access to your account");

    CourierHarness verifying = courier("smtps://127.0.0.1:" + mail.smtpsPort + "/", "");
    verifying.deliver();
    UUID id = verifying.queue(recovery("bob@example.com", "https://id.example.com/r?token=t"));
    CourierHarness.await(() -> verifying.dispatches(id) >= 1, WAIT, () -> "no attempt");
    assertThat(verifying.message(id).status()).isIn("queued", "processing");
    assertThat(mail.to("bob@example.com")).isEmpty();
  }

  @Test
  void smtpRequiresStartTlsUnlessDisabledAndUpgradesWhereOffered() throws Exception {
    TestMail mail = open(new TestMail());
    // GreenMail's plain listener offers no STARTTLS: the message must not go in cleartext
    CourierHarness strict = courier("smtp://127.0.0.1:" + mail.smtpPort + "/", "");
    strict.deliver();
    UUID id = strict.queue(recovery("ada@example.com", "https://id.example.com/r?token=t"));
    CourierHarness.await(() -> strict.dispatches(id) >= 1, WAIT, () -> "no attempt");
    assertThat(strict.message(id).dispatches().get(strict.message(id).dispatches().size() - 1).error()
        .getString("message")).containsIgnoringCase("starttls");
    assertThat(mail.received()).isEmpty();

    ScriptedSmtpServer tls = open(new ScriptedSmtpServer(true));
    CourierHarness upgrading = courier("smtp://127.0.0.1:" + tls.port() + "/?skip_ssl_verify=true", "");
    upgrading.deliver();
    UUID sent = upgrading.queue(recovery("bob@example.com", "https://id.example.com/r?token=t"));
    upgrading.awaitStatus(sent, "sent", WAIT);
    assertThat(tls.received).singleElement().satisfies(r -> {
      assertThat(r.tls()).isTrue();
      assertThat(r.data()).contains("Subject: Recover access to your account");
    });
  }

  @Test
  void credentialsFromTheUriLogInAndWrongOnesAbandonTheMessage() throws Exception {
    TestMail mail = open(new TestMail()).withUser("courier", "s3cret");
    CourierHarness h = courier(mail.smtpsUri(), "");
    h.deliver();
    h.queue(recovery("ada@example.com", "https://id.example.com/r?token=t"));
    mail.await(1, WAIT);

    CourierHarness wrong = courier("smtps://courier:wrong@127.0.0.1:" + mail.smtpsPort + "/?skip_ssl_verify=true",
        "");
    wrong.deliver();
    UUID id = wrong.queue(recovery("bob@example.com", "https://id.example.com/r?token=t"));
    assertThat(wrong.awaitStatus(id, "abandoned", WAIT).dispatches()).singleElement()
        .satisfies(d -> assertThat(d.error().getString("message")).contains("535"));
  }
}
