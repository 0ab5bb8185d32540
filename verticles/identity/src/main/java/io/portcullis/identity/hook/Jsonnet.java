package io.portcullis.identity.hook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates Jsonnet templates with the {@code jsonnet} command (the reference implementation, Debian's package
 * {@code jsonnet}), one process per evaluation as Kratos' own sandbox does: a template that loops or blows up is
 * killed after its time and cannot take the server with it. {@code ctx} is passed as Kratos passes it, a top-level
 * argument ({@code function(ctx) ...}), read from standard input so it is never written to disk. Blocking: call it on
 * a worker thread.
 */
final class Jsonnet {
  /** Kratos' marker for a template that cancels its request: {@code error "cancel"}. */
  static final String CANCEL = "RUNTIME ERROR: cancel";
  private static final int MAX_OUTPUT = 5 << 20;
  /** Drains the processes' output while the worker waits with a timeout. */
  private static final java.util.concurrent.ExecutorService PIPES = java.util.concurrent.Executors.newCachedThreadPool(
      r -> {
        Thread t = new Thread(r, "jsonnet-pipe");
        t.setDaemon(true);
        return t;
      });
  private final String command;
  private final Duration timeout;

  Jsonnet(String command, Duration timeout) {
    this.command = command;
    this.timeout = timeout;
  }

  /** The command on {@code PATH}, or null when it is not installed. */
  static String findOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, "jsonnet");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  /** The template's output (JSON) for {@code ctxJson}; {@link Cancelled} for {@code error "cancel"}. */
  String evaluate(Path template, String ctxJson) {
    Process p;
    try {
      p = new ProcessBuilder(List.of(command, "--tla-code-file", "ctx=/dev/stdin", template.toString())).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
    }
    try {
      CompletableFuture<byte[]> out = read(p.getInputStream());
      CompletableFuture<byte[]> err = read(p.getErrorStream());
      try (OutputStream in = p.getOutputStream()) {
        in.write(ctxJson.getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the Jsonnet template " + template.getFileName() + " did not finish within "
            + timeout.toMillis() + " ms");
      }
      String stderr = new String(err.join(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        if (stderr.contains(CANCEL)) {
          throw new Cancelled();
        }
        throw new IllegalStateException("the Jsonnet template failed: " + stderr.strip());
      }
      return new String(out.join(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the Jsonnet template ran", e);
    } finally {
      p.destroyForcibly();
    }
  }

  private static CompletableFuture<byte[]> read(InputStream s) {
    return CompletableFuture.supplyAsync(() -> {
      try (s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = s.read(buf)) > 0) {
          if (b.size() + n > MAX_OUTPUT) {
            throw new IllegalStateException("the Jsonnet template wrote more than 5 MB");
          }
          b.write(buf, 0, n);
        }
        return b.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, PIPES);
  }

  /** The template asked not to send the request ({@code error "cancel"}). */
  static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("cancelled by the template", null, false, false);
    }
  }
}
