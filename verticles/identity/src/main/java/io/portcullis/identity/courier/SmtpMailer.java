package io.portcullis.identity.courier;

import io.portcullis.config.CourierConfig;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.concurrent.TimeUnit;

/**
 * Sends courier messages over SMTP as Kratos' SMTP channel does: {@code smtps://} is TLS from the first byte,
 * {@code smtp://} must be upgraded with STARTTLS unless {@code disable_starttls=true} (then it is upgraded only when
 * offered), certificates are verified unless {@code skip_ssl_verify=true}; credentials from the URI; the sender
 * {@code "from_name" <from_address>}; the configured headers; a plain-text body with the HTML alternative. A new
 * connection per message, as Kratos dials one.
 */
final class SmtpMailer {
  private static final String REASON = "failed to send email via smtp";

  /** How an attempt ended. */
  enum Result {
    SENT,
    /** The server refused this message for now (4xx): retried, counts towards {@code message_retries}. */
    REJECTED,
    /** The server refused this message for good (5xx): abandoned, as Kratos does. */
    REFUSED,
    /** No server took the message (unreachable, TLS, timeout): retried without counting; the queue waits. */
    UNREACHABLE
  }

  /** @param error the failure in Kratos' dispatch error shape; null when sent */
  record Outcome(Result result, JsonObject error, String detail) {
  }

  private final MailClient client;
  private final CourierConfig.Smtp smtp;
  private final String from;

  SmtpMailer(Vertx vertx, CourierConfig.Smtp smtp) {
    this.smtp = smtp;
    this.client = MailClient.create(vertx, config(smtp));
    this.from = smtp.fromName().isEmpty() ? smtp.fromAddress()
        : "\"" + smtp.fromName().replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + smtp.fromAddress() + ">";
  }

  static MailConfig config(CourierConfig.Smtp smtp) {
    CourierConfig.SmtpConnection c = smtp.connection("portcullis.identity.courier.smtp.connection_uri");
    MailConfig m = new MailConfig()
        .setHostname(c.host())
        .setPort(c.port())
        .setSsl(c.implicitTls())
        .setStarttls(c.implicitTls() ? StartTLSOptions.DISABLED
            : c.startTls() ? StartTLSOptions.REQUIRED : StartTLSOptions.OPTIONAL)
        .setTrustAll(c.skipSslVerify())
        .setHostnameVerificationAlgorithm(c.skipSslVerify() ? "" : "HTTPS")
        .setOwnHostname(smtp.localName())
        .setKeepAlive(false)
        .setConnectTimeout(10_000)
        .setIdleTimeout(30)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setLogin(c.username().isEmpty() ? LoginOption.DISABLED : LoginOption.NONE);
    m.setSslHandshakeTimeout(10);
    m.setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    if (!c.username().isEmpty()) {
      m.setUsername(c.username()).setPassword(c.password());
    }
    if (!smtp.clientCertPath().isEmpty()) {
      m.setKeyCertOptions(new PemKeyCertOptions().setCertPath(smtp.clientCertPath()).setKeyPath(smtp.clientKeyPath()));
    }
    return m;
  }

  /** One attempt; never fails: the outcome says how it went. */
  Future<Outcome> send(CourierMessage m) {
    MailMessage mail = new MailMessage().setFrom(from).setTo(m.recipient()).setSubject(m.subject()).setText(m.body());
    if (m.bodyHtml() != null && !m.bodyHtml().isEmpty()) {
      mail.setHtml(m.bodyHtml());
    }
    if (!smtp.headers().isEmpty()) {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      smtp.headers().forEach(headers::set);
      mail.setHeaders(headers);
    }
    Future<Outcome> sent;
    try {
      sent = client.sendMail(mail).map(r -> new Outcome(Result.SENT, null, null));
    } catch (RuntimeException e) {
      return Future.succeededFuture(failure(e));
    }
    return sent.recover(t -> Future.succeededFuture(failure(t)));
  }

  private static Outcome failure(Throwable t) {
    String detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    JsonObject error = new KratosError(500, null, detail, REASON).body();
    if (t instanceof SMTPException e && e.getReplyCode() >= 400) {
      return new Outcome(e.getReplyCode() >= 500 ? Result.REFUSED : Result.REJECTED, error, detail);
    }
    return new Outcome(Result.UNREACHABLE, error, detail);
  }

  Future<Void> close() {
    return client.close();
  }
}
