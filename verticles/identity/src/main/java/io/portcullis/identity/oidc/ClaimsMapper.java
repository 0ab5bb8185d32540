package io.portcullis.identity.oidc;

import io.portcullis.identity.jsonnet.Jsonnet;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider's {@code mapper_url} Jsonnet turning claims into an identity, as Kratos runs it: the claims are
 * {@code std.extVar('claims')} (Kratos' {@code ExtCode}), the output's {@code identity.traits} (an object),
 * {@code identity.metadata_public} / {@code identity.metadata_admin} (objects when present) and
 * {@code identity.verified_addresses} ({@code [{via, value}]}) are used. Mappers are fetched from {@code base64://},
 * {@code file://} or {@code http(s)://} and kept for an hour (Kratos' cache). Evaluation runs the {@code jsonnet}
 * command on a worker ({@link Jsonnet}, shared with the web hooks), one process per evaluation, killed after its
 * timeout.
 */
public final class ClaimsMapper {
  static final Duration KEEP = Duration.ofMinutes(60);
  private final Vertx vertx;
  private final HttpJson http;
  private final Jsonnet jsonnet;
  private final Clock clock;
  private final Map<String, Kept> snippets = new ConcurrentHashMap<>();
  private final Path dir;

  private record Kept(Path file, Instant fetchedAt) {
  }

  /** What a mapper produced. */
  public record Mapped(JsonObject traits, Object metadataPublic, Object metadataAdmin, List<Address> verified) {
  }

  /** An address the mapper says the provider verified ({@code identity.verified_addresses}). */
  public record Address(String via, String value) {
  }

  /** {@code jsonnet} null: the command is not installed, mapping fails with a misconfiguration. */
  public ClaimsMapper(Vertx vertx, HttpJson http, Jsonnet jsonnet, Clock clock) {
    this.vertx = vertx;
    this.http = http;
    this.jsonnet = jsonnet;
    this.clock = clock;
    try {
      this.dir = Files.createTempDirectory("portcullis-oidc-mappers");
      dir.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a directory for Jsonnet mappers: " + e.getMessage(), e);
    }
  }

  public Future<Mapped> map(String mapperUrl, Claims claims) {
    if (jsonnet == null) {
      return Future.failedFuture(KratosError.misconfiguration("The jsonnet command, which runs OpenID Connect "
          + "mappers, is not installed (Debian's package jsonnet)."));
    }
    return snippet(mapperUrl)
        .compose(file -> vertx.<String>executeBlocking(() -> evaluate(file, claims.toKratosJson().encode()), false))
        .map(ClaimsMapper::parse);
  }

  private Future<Path> snippet(String url) {
    Kept k = snippets.get(url);
    if (k != null && k.fetchedAt().plus(KEEP).isAfter(clock.instant())) {
      return Future.succeededFuture(k.file());
    }
    return fetch(url).compose(text -> vertx.executeBlocking(() -> {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      Path file = dir.resolve(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(bytes)) + ".jsonnet");
      Files.write(file, bytes);
      file.toFile().deleteOnExit();
      snippets.put(url, new Kept(file, clock.instant()));
      return file;
    }, false));
  }

  private Future<String> fetch(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("base64://")) {
      String b64 = url.substring("base64://".length());
      try {
        return Future.succeededFuture(new String(decode(b64), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(KratosError.misconfiguration("The mapper_url " + "base64://... is not valid "
            + "base64: " + e.getMessage()));
      }
    }
    if (lower.startsWith("file://")) {
      return vertx.fileSystem().readFile(url.substring("file://".length())).map(b -> b.toString(StandardCharsets.UTF_8))
          .recover(t -> Future.failedFuture(KratosError.misconfiguration("Unable to read the Jsonnet mapper " + url
              + ": " + t.getMessage())));
    }
    return http.getText(url);
  }

  private static byte[] decode(String b64) {
    String s = b64.trim();
    return s.contains("-") || s.contains("_") ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
  }

  /** Blocking: one jsonnet process with the claims on standard input (never written to disk). */
  private String evaluate(Path file, String claimsJson) {
    try {
      return jsonnet.evaluateWithExtVar(file, "claims", claimsJson);
    } catch (IllegalStateException e) {
      throw KratosError.internal("The OpenID Connect Jsonnet mapper failed: " + e.getMessage());
    }
  }

  /** Kratos' checks of the mapper output ({@code setTraits}, {@code setMetadata}, verified addresses). */
  static Mapped parse(String evaluated) {
    JsonObject out;
    try {
      out = new JsonObject(evaluated);
    } catch (DecodeException e) {
      throw KratosError.internal("The OpenID Connect Jsonnet mapper did not return a JSON object.");
    }
    JsonObject identity = out.getValue("identity") instanceof JsonObject o ? o : new JsonObject();
    if (!(identity.getValue("traits") instanceof JsonObject traits)) {
      throw KratosError.internal("OpenID Connect Jsonnet mapper did not return an object for key identity.traits. "
          + "Please check your Jsonnet code!");
    }
    Object pub = metadata(identity, "metadata_public");
    Object admin = metadata(identity, "metadata_admin");
    List<Address> verified = new ArrayList<>();
    if (identity.containsKey("verified_addresses")) {
      if (!(identity.getValue("verified_addresses") instanceof JsonArray list)) {
        throw KratosError.badRequest("OpenID Connect Jsonnet mapper did not return an array for key "
            + "identity.verified_addresses. Please check your Jsonnet code!");
      }
      for (Object o : list) {
        if (!(o instanceof JsonObject a) || !(a.getValue("via") instanceof String via)
            || !(a.getValue("value") instanceof String value)) {
          throw KratosError.badRequest("Failed to unmarshal value for key identity.verified_addresses. Please check "
              + "your Jsonnet code!");
        }
        verified.add(new Address(via, via.equals("email") ? value.trim().toLowerCase(Locale.ROOT) : value));
      }
    }
    return new Mapped(traits, pub, admin, verified);
  }

  private static Object metadata(JsonObject identity, String key) {
    Object v = identity.getValue(key);
    if (v != null && !(v instanceof JsonObject)) {
      throw KratosError.misconfiguration("OpenID Connect Jsonnet mapper did not return an object for key identity."
          + key + ". Please check your Jsonnet code!");
    }
    return v;
  }
}
