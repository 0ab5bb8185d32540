package io.portcullis.identity.courier;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small real SMTP server on loopback for what GreenMail does not do: STARTTLS (with GreenMail's self-signed
 * certificate) and refusing mail with a chosen reply ({@code 451} for now, {@code 550} for good).
 */
final class ScriptedSmtpServer implements AutoCloseable {
  /** A message taken, and whether the session was upgraded to TLS first. */
  record Received(String data, boolean tls) {
  }

  private final ServerSocket socket;
  private final boolean offerStartTls;
  private volatile String mailReply = "250 2.1.0 Ok";
  final AtomicInteger attempts = new AtomicInteger();
  final List<Received> received = new CopyOnWriteArrayList<>();
  private final SSLContext tls;

  ScriptedSmtpServer(boolean offerStartTls) throws Exception {
    this.offerStartTls = offerStartTls;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(new DummySSLServerSocketFactory().getKeyStore(), "changeit".toCharArray());
    tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    Thread accept = new Thread(this::accept, "scripted-smtp");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** The reply to every {@code MAIL FROM}, e.g. {@code 451 4.3.0 Try again later}. */
  ScriptedSmtpServer replyToMail(String reply) {
    mailReply = reply;
    return this;
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> session(s), "scripted-smtp-session");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void session(Socket plain) {
    Socket s = plain;
    boolean secure = false;
    try {
      BufferedReader in = reader(s);
      OutputStream out = s.getOutputStream();
      send(out, "220 scripted ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
        switch (command) {
          case "EHLO" -> send(out, offerStartTls && !secure ? "250-scripted\r\n250-STARTTLS\r\n250 8BITMIME"
              : "250-scripted\r\n250 8BITMIME");
          case "HELO" -> send(out, "250 scripted");
          case "STAR" -> {
            send(out, "220 2.0.0 Ready to start TLS");
            SSLSocket upgraded = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
            upgraded.setUseClientMode(false);
            upgraded.startHandshake();
            s = upgraded;
            secure = true;
            in = reader(s);
            out = s.getOutputStream();
          }
          case "MAIL" -> {
            attempts.incrementAndGet();
            send(out, mailReply);
          }
          case "RCPT" -> send(out, "250 2.1.5 Ok");
          case "DATA" -> {
            send(out, "354 End data with <CR><LF>.<CR><LF>");
            StringBuilder data = new StringBuilder();
            String d;
            while ((d = in.readLine()) != null && !d.equals(".")) {
              data.append(d).append('\n');
            }
            received.add(new Received(data.toString(), secure));
            send(out, "250 2.0.0 Ok: queued");
          }
          case "QUIT" -> {
            send(out, "221 2.0.0 Bye");
            return;
          }
          default -> send(out, "250 Ok");
        }
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private static BufferedReader reader(Socket s) throws IOException {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
  }

  private static void send(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
