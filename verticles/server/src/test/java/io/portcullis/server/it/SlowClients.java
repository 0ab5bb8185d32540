package io.portcullis.server.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Clients that send too slowly, and the server side's connections counted from the kernel's tables. */
final class SlowClients {
  private SlowClients() {
  }

  /**
   * Sends one byte every 200 ms (of headers or of a body, whatever {@code s} is in) until the server closes, reading
   * whatever it answers meanwhile; returns the ms from {@code start} to the close. Fails after 30 s.
   */
  static long trickleUntilClosed(Socket s, long start) throws IOException {
    try (s) {
      s.setSoTimeout(200);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      byte[] answer = new byte[4096];
      for (int i = 0; i < 150; i++) {
        try {
          if (in.read(answer) == -1) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          }
        } catch (java.net.SocketTimeoutException stillOpen) {
          // nothing from the server yet: trickle on
        } catch (java.net.SocketException reset) {
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
        try {
          out.write('a');
          out.flush();
        } catch (IOException closed) {
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
      }
      throw new AssertionError("the server kept a slow connection open for 30 s");
    }
  }

  /**
   * Established TCP connections whose local port is {@code port}, from the kernel's tables (server side; a Java
   * socket on 127.0.0.1 may be listed as IPv6 with a mapped address).
   */
  static int established(int port) throws IOException {
    String local = String.format(":%04X", port);
    int n = 0;
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && f[1].endsWith(local) && f[3].equals("01")) {
          n++;
        }
      }
    }
    return n;
  }

  /** Waits until {@link #established} on {@code port} is at most {@code before} (10 s at most); returns it. */
  static int settle(int port, int before) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int after = established(port);
    while (after > before && System.nanoTime() < deadline) {
      Thread.sleep(50);
      after = established(port);
    }
    return after;
  }
}
