package io.portcullis.server.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 upstream on loopback that misbehaves by path, on plain sockets so that nothing in between is polite:
 * {@code /hang} reads the request and never answers; {@code /reset} reads it and resets the connection (RST);
 * {@code /slow} answers after {@value #SLOW_MILLIS} ms and trickles its body in {@value #SLOW_CHUNKS} pieces;
 * {@code /stall} sends the headers and half the body, then nothing; {@code /big} sends {@value #BIG_BYTES} bytes as
 * fast as it is read; anything else is a prompt 200 {@code ok}. It
 * counts the connections open at its side: one is closed when the proxy closes it.
 */
final class FaultyUpstream implements AutoCloseable {
  static final int SLOW_MILLIS = 300;
  static final int SLOW_CHUNKS = 5;
  static final String SLOW_BODY = "slow but complete";
  static final long BIG_BYTES = 256L * 1024 * 1024;
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  /** Connections open at the upstream's side. */
  final AtomicInteger open = new AtomicInteger();
  /** Of those, the ones a hanging or stalled answer holds: each must be closed by the proxy. */
  final AtomicInteger held = new AtomicInteger();

  FaultyUpstream() throws IOException {
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    threads.submit(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.incrementAndGet();
        threads.submit(() -> serve(s));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String path;
      while ((path = requestPath(in)) != null) {
        if (path.startsWith("/hang")) {
          drain(in);
          return;
        } else if (path.startsWith("/reset")) {
          s.setSoLinger(true, 0);
          return;
        } else if (path.startsWith("/slow")) {
          Thread.sleep(SLOW_MILLIS);
          byte[] body = SLOW_BODY.getBytes(StandardCharsets.US_ASCII);
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(
              StandardCharsets.US_ASCII));
          int step = (body.length + SLOW_CHUNKS - 1) / SLOW_CHUNKS;
          for (int i = 0; i < body.length; i += step) {
            out.write(body, i, Math.min(step, body.length - i));
            out.flush();
            Thread.sleep(SLOW_MILLIS / SLOW_CHUNKS);
          }
        } else if (path.startsWith("/big")) {
          // As fast as the proxy takes it: only a slow client holds it back.
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + BIG_BYTES + "\r\n\r\n").getBytes(
              StandardCharsets.US_ASCII));
          held.incrementAndGet();
          try {
            byte[] chunk = new byte[64 * 1024];
            for (long sent = 0; sent < BIG_BYTES; sent += chunk.length) {
              out.write(chunk);
            }
          } finally {
            held.decrementAndGet();
          }
        } else if (path.startsWith("/stall")) {
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.write(new byte[50_000]);
          out.flush();
          drain(in);
          return;
        } else {
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      }
    } catch (IOException | InterruptedException gone) {
      // The proxy closed or reset the connection.
    } finally {
      open.decrementAndGet();
    }
  }

  /** Reads one request's head (no body: the tests send GETs); its path, or null at the end of the connection. */
  private static String requestPath(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        String[] line = head.toString().split(" ", 3);
        return line.length > 1 ? line[1] : "";
      }
    }
    return null;
  }

  /** Waits until the proxy closes the connection. */
  private void drain(InputStream in) throws IOException {
    held.incrementAndGet();
    try {
      while (in.read() >= 0) {
        // Nothing is ever answered.
      }
    } finally {
      held.decrementAndGet();
    }
  }

  /** Waits until {@code count} is {@code expected} (at most 15 s); returns it, for the test to assert. */
  static int await(AtomicInteger count, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (count.get() != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return count.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
