package io.portcullis.identity;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real SMTP server for tests (GreenMail) on free loopback ports: a plain listener (no STARTTLS) and an implicit-TLS
 * one with GreenMail's self-signed certificate. It can be stopped and started again on the same ports, to play an
 * SMTP outage. {@link #smtpUri()} and {@link #smtpsUri()} are {@code courier.smtp.connection_uri} values that reach it.
 */
public final class TestMail implements AutoCloseable {
  /** A received message, decoded. */
  public record Mail(String from, List<String> to, String subject, String text, String html, MimeMessage raw) {
    public String header(String name) {
      try {
        String[] values = raw.getHeader(name);
        return values == null ? null : values[0];
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public final int smtpPort = TestIdentity.freePort();
  public final int smtpsPort = TestIdentity.freePort();
  private GreenMail server;
  private String user;
  private String password;

  public TestMail() {
    start();
  }

  /** Only {@code user} with {@code password} may send (SMTP AUTH); other logins are refused with 535. */
  public TestMail withUser(String user, String password) {
    this.user = user;
    this.password = password;
    server.setUser(user, user, password);
    return this;
  }

  /** {@code smtp://} to the plain listener, which offers no STARTTLS: cleartext needs {@code disable_starttls}. */
  public String smtpUri() {
    return "smtp://" + credentials() + "127.0.0.1:" + smtpPort + "/?disable_starttls=true";
  }

  /** {@code smtps://} to the TLS listener; its certificate is self-signed, hence {@code skip_ssl_verify}. */
  public String smtpsUri() {
    return "smtps://" + credentials() + "127.0.0.1:" + smtpsPort + "/?skip_ssl_verify=true";
  }

  private String credentials() {
    return user == null ? "" : user + ":" + password + "@";
  }

  public synchronized void start() {
    ServerSetup smtp = new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    ServerSetup smtps = new ServerSetup(smtpsPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS);
    // GreenMail's default of 2 s is too short for the TLS listener on a busy two-core machine.
    smtp.setServerStartupTimeout(20_000);
    smtps.setServerStartupTimeout(20_000);
    server = new GreenMail(new ServerSetup[] {smtp, smtps});
    server.start();
    if (user != null) {
      server.setUser(user, user, password);
    }
  }

  /** Stops listening (what a client sees of an SMTP outage); {@link #start()} brings it back on the same ports. */
  public synchronized void stop() {
    received.addAll(decode(server.getReceivedMessages()));
    server.stop();
  }

  private final List<Mail> received = new ArrayList<>();

  /** Everything received so far, over restarts, in order of arrival. */
  public synchronized List<Mail> received() {
    List<Mail> all = new ArrayList<>(received);
    if (server.isRunning()) {
      all.addAll(decode(server.getReceivedMessages()));
    }
    return all;
  }

  /** Waits (at most {@code timeout}) until {@code count} messages arrived; returns all received. */
  public List<Mail> await(int count, Duration timeout) {
    return await(m -> true, count, timeout);
  }

  /** Waits (at most {@code timeout}) until {@code count} messages matching {@code which} arrived; returns those. */
  public List<Mail> await(Predicate<Mail> which, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Mail> matching = received().stream().filter(which).toList();
      if (matching.size() >= count || System.nanoTime() > deadline) {
        if (matching.size() < count) {
          throw new AssertionError("expected " + count + " messages within " + timeout + ", got " + matching.size()
              + ": " + matching.stream().map(Mail::subject).toList());
        }
        return matching;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** The messages sent to {@code recipient}. */
  public List<Mail> to(String recipient) {
    return received().stream().filter(m -> m.to().contains(recipient)).toList();
  }

  @Override
  public synchronized void close() {
    server.stop();
  }

  private static List<Mail> decode(MimeMessage[] messages) {
    return Arrays.stream(messages).map(TestMail::decode).toList();
  }

  static Mail decode(MimeMessage m) {
    try {
      List<String> to = Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
      String[] parts = new String[2];
      collect(m.getContent(), m.getContentType(), parts);
      return new Mail(m.getFrom()[0].toString(), to, m.getSubject(), parts[0], parts[1], m);
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("cannot decode a received message", e);
    }
  }

  private static void collect(Object content, String type, String[] parts) throws MessagingException, IOException {
    if (content instanceof Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart p = mp.getBodyPart(i);
        collect(p.getContent(), p.getContentType(), parts);
      }
    } else if (content instanceof String s) {
      parts[type.toLowerCase().startsWith("text/html") ? 1 : 0] = s;
    }
  }
}
