package io.portcullis.identity.jsonnet;

import java.io.ByteArrayOutputStream;
import java.io.File;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates Jsonnet templates with the {@code jsonnet} command (the reference implementation, Debian's package
 * {@code jsonnet}), one process per evaluation as Kratos' own sandbox does: a template that loops or blows up is
 * killed after its time and cannot take the server with it. The input (web hooks' {@code ctx}, OpenID Connect
 * mappers' {@code claims}) is read from standard input so it is never written to disk. Blocking: call it on a worker
 * thread.
 */
public final class Jsonnet {
  /** Kratos' marker for a template that cancels its request: {@code error "cancel"}. */
  static final String CANCEL = "RUNTIME ERROR: cancel";
  private static final int MAX_OUTPUT = 5 << 20;
  /** Drains the processes' output while the worker waits with a timeout. */
  private static final ExecutorService PIPES = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "jsonnet-pipe");
    t.setDaemon(true);
    return t;
  });
  private final String command;
  private final Duration timeout;

  public Jsonnet(String command, Duration timeout) {
    this.command = command;
    this.timeout = timeout;
  }

  /** The command on {@code PATH}, or null when it is not installed. */
  public static String findOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, "jsonnet");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  /**
   * The output (JSON) of a {@code function(ctx) ...} template, {@code ctx} passed as Kratos passes it to web hook
   * bodies, a top-level argument; {@link Cancelled} for {@code error "cancel"}.
   */
  public String evaluateFunction(Path template, String ctxJson) {
    return run(template, List.of("--tla-code-file", "ctx=/dev/stdin"), ctxJson);
  }

  /** The output (JSON) of a template reading {@code std.extVar(name)} (Kratos' {@code ExtCode}, as mappers do). */
  public String evaluateWithExtVar(Path template, String name, String json) {
    return run(template, List.of("--ext-code-file", name + "=/dev/stdin"), json);
  }

  private String run(Path template, List<String> input, String stdin) {
    Process p;
    try {
      p = new ProcessBuilder(List.of(command, input.get(0), input.get(1), template.toString())).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
    }
    try {
      CompletableFuture<byte[]> out = read(p.getInputStream());
      CompletableFuture<byte[]> err = read(p.getErrorStream());
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
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
  public static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("cancelled by the template", null, false, false);
    }
  }
}
