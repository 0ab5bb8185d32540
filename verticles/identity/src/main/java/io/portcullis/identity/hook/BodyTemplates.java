package io.portcullis.identity.hook;

import io.portcullis.config.TemplateSources;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The body templates of web hooks as files the {@code jsonnet} command reads: {@code file://} and plain paths as they
 * are; {@code base64://} and {@code http(s)://} templates written to a private folder, the fetched ones kept for an
 * hour as Kratos' cache does.
 */
final class BodyTemplates {
  private static final Duration FETCHED_FOR = Duration.ofHours(1);
  private final Vertx vertx;
  private final HttpClient http;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private Path folder;

  private record Cached(Path file, Instant until) {
  }

  BodyTemplates(Vertx vertx, HttpClient http) {
    this.vertx = vertx;
    this.http = http;
  }

  /** The file holding the template {@code uri} names. */
  Future<Path> file(String uri) {
    Path file = TemplateSources.file(uri);
    if (file != null) {
      return Future.succeededFuture(file);
    }
    Cached c = cache.get(uri);
    if (c != null && Instant.now().isBefore(c.until())) {
      return Future.succeededFuture(c.file());
    }
    Future<String> text = uri.startsWith("base64://")
        ? Future.succeededFuture(TemplateSources.decodeBase64(uri.substring("base64://".length())))
        : fetch(uri);
    return text.compose(t -> vertx.executeBlocking(() -> write(t), false)).map(f -> {
      cache.put(uri, new Cached(f, uri.startsWith("base64://") ? Instant.MAX : Instant.now().plus(FETCHED_FOR)));
      return f;
    });
  }

  private Future<String> fetch(String uri) {
    return http.request(new RequestOptions().setAbsoluteURI(uri).setMethod(HttpMethod.GET).setConnectTimeout(10_000)
            .setIdleTimeout(10_000))
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(body -> {
          if (resp.statusCode() != 200) {
            throw new IllegalStateException("fetching the web hook template " + uri + " answered " + resp.statusCode());
          }
          return body.toString(StandardCharsets.UTF_8);
        }));
  }

  private synchronized Path write(String template) {
    try {
      if (folder == null) {
        folder = Files.createTempDirectory("portcullis-webhook-templates",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        folder.toFile().deleteOnExit();
      }
      Path f = Files.createTempFile(folder, "body", ".jsonnet");
      f.toFile().deleteOnExit();
      return Files.writeString(f, template);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
