package io.portcullis.identity.schema;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Loads identity schemas from Kratos-style sources: {@code file://path}, a plain path, {@code base64://...} and
 * inline JSON. Remote {@code http(s)://} sources are refused with a message saying what to use instead. With no
 * schemas configured the built-in email/password schema (like Kratos' quickstart) is used under id "default".
 */
public final class SchemaLoader {

  /** Classpath location of the built-in schema. */
  public static final String DEFAULT_RESOURCE = "/io/portcullis/identity/schema/default.schema.json";

  public static final String DEFAULT_ID = "default";

  private SchemaLoader() {
  }

  /** Loads one schema; {@code source} is the configured URL or inline JSON. */
  public static IdentitySchema load(String id, String source) {
    String text = read(id, source);
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new SchemaException(id, "", "not a JSON object (source " + abbreviate(source) + "): " + e.getMessage());
    }
    IdentitySchema schema = new IdentitySchema(id, source, json);
    TraitsValidator.of(schema); // compiles with vertx-json-schema; fails here rather than on first use
    return schema;
  }

  /** Loads configured schemas (id to source, in order); an empty map yields the built-in default schema. */
  public static IdentitySchemas loadAll(String defaultId, Map<String, String> sources) {
    if (sources == null || sources.isEmpty()) {
      return new IdentitySchemas(DEFAULT_ID, List.of(builtIn()));
    }
    List<IdentitySchema> list = new ArrayList<>();
    sources.forEach((id, src) -> list.add(load(id, src)));
    return new IdentitySchemas(defaultId == null ? list.get(0).id() : defaultId, list);
  }

  /** The built-in schema: email as password identifier, verification and recovery address; optional name. */
  public static IdentitySchema builtIn() {
    try (InputStream in = SchemaLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new SchemaException(DEFAULT_ID, null, "built-in schema resource " + DEFAULT_RESOURCE + " is missing");
      }
      byte[] bytes = in.readAllBytes();
      return new IdentitySchema(DEFAULT_ID, "base64://" + Base64.getEncoder().encodeToString(bytes),
          new JsonObject(new String(bytes, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new SchemaException(DEFAULT_ID, "cannot read built-in schema", e);
    }
  }

  private static String read(String id, String source) {
    if (source == null || source.isBlank()) {
      throw new SchemaException(id, null, "no schema source configured; expected file://, a path, base64:// or "
          + "inline JSON");
    }
    String s = source.trim();
    if (s.startsWith("{")) {
      return s;
    }
    if (s.startsWith("base64://")) {
      try {
        return new String(Base64.getDecoder().decode(s.substring("base64://".length())), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        try {
          return new String(Base64.getUrlDecoder().decode(s.substring("base64://".length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e2) {
          throw new SchemaException(id, null, "source " + abbreviate(s) + " is not valid base64");
        }
      }
    }
    if (s.startsWith("http://") || s.startsWith("https://")) {
      throw new SchemaException(id, null, "remote schema URL \"" + s + "\" is not supported; expected file://<path>, "
          + "a plain path, base64://<encoded JSON> or inline JSON");
    }
    Path path;
    if (s.startsWith("file://")) {
      path = Path.of(s.substring("file://".length()));
    } else if (s.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw new SchemaException(id, null, "unsupported schema URL \"" + s + "\"; expected file://<path>, a plain "
          + "path, base64://<encoded JSON> or inline JSON");
    } else {
      path = Path.of(s);
    }
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SchemaException(id, "cannot read schema file " + path + " (source \"" + s + "\")", e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? "\"" + s.substring(0, 57) + "...\"" : "\"" + s + "\"";
  }
}
