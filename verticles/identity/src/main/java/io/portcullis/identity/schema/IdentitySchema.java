package io.portcullis.identity.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One configured identity schema: its id, the URL it was configured with, and the raw JSON Schema. Construction
 * checks the parts of JSON Schema we rely on and every {@code ory.sh/kratos} extension, failing with the schema id and
 * JSON pointer, so a bad schema stops startup instead of a registration.
 */
public final class IdentitySchema {

  private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "object", "array",
      "null");

  private final String id;
  private final String url;
  private final JsonObject schema;
  private final List<TraitPath> paths;

  public IdentitySchema(String id, String url, JsonObject schema) {
    this.id = Objects.requireNonNull(id, "id");
    this.url = Objects.requireNonNull(url, "url");
    this.schema = Objects.requireNonNull(schema, "schema").copy();
    checkKeywords(this.schema, "");
    List<TraitPath> found = new ArrayList<>();
    walk(this.schema, "", "", false, found, new HashSet<>());
    this.paths = Collections.unmodifiableList(found);
  }

  public String id() {
    return id;
  }

  /** The URL (or other source) the schema was configured with. */
  public String url() {
    return url;
  }

  /** A copy of the raw schema, as {@code GET /schemas/{id}} returns it. */
  public JsonObject schema() {
    return schema.copy();
  }

  /** Leaf properties in declaration order, e.g. "traits.email", "traits.name.first". */
  public List<TraitPath> paths() {
    return paths;
  }

  /** The leaf properties that carry an {@code ory.sh/kratos} extension. */
  public List<TraitPath> extensionPaths() {
    return paths.stream().filter(p -> p.extension() != null).toList();
  }

  /** Resolves a local reference such as "#/definitions/name". */
  JsonObject resolve(String ref, String from) {
    if (!ref.startsWith("#")) {
      throw new SchemaException(id, from, "only local $ref values (\"#/...\") are supported, got \"" + ref + "\"");
    }
    Object node = schema;
    for (String raw : ref.substring(1).split("/")) {
      if (raw.isEmpty()) {
        continue;
      }
      String seg = raw.replace("~1", "/").replace("~0", "~");
      if (node instanceof JsonObject o && o.containsKey(seg)) {
        node = o.getValue(seg);
      } else {
        throw new SchemaException(id, from, "$ref \"" + ref + "\" does not resolve");
      }
    }
    if (node instanceof JsonObject o) {
      return o;
    }
    throw new SchemaException(id, from, "$ref \"" + ref + "\" does not point at a schema object");
  }

  private void walk(JsonObject s, String pointer, String name, boolean required, List<TraitPath> out,
      Set<String> refs) {
    String ref = s.getString("$ref");
    if (ref != null) {
      if (!refs.add(ref)) {
        return; // recursive schema: Kratos stops as well
      }
      JsonObject target = resolve(ref, pointer + "/$ref");
      walk(target, ref.substring(1), name, required, out, refs);
      refs.remove(ref);
      return;
    }
    ExtensionConfig ext = null;
    if (s.containsKey(ExtensionConfig.NAME)) {
      ext = ExtensionConfig.parse(id, pointer + "/" + ExtensionConfig.NAME.replace("/", "~1"),
          s.getValue(ExtensionConfig.NAME));
    }
    JsonObject props = s.getJsonObject("properties");
    if (props != null && !props.isEmpty()) {
      Set<String> req = new HashSet<>();
      JsonArray r = s.getJsonArray("required");
      if (r != null) {
        r.forEach(v -> req.add(String.valueOf(v)));
      }
      for (String key : props.fieldNames()) {
        Object sub = props.getValue(key);
        String subPointer = pointer + "/properties/" + key.replace("~", "~0").replace("/", "~1");
        if (!(sub instanceof JsonObject so)) {
          throw new SchemaException(id, subPointer, "property schema must be an object");
        }
        walk(so, subPointer, name.isEmpty() ? key : name + "." + key, req.contains(key), out, refs);
      }
      return;
    }
    if (!name.isEmpty()) {
      out.add(new TraitPath(name, pointer, s, required, ext));
    }
  }

  /** Checks the keywords whose misuse would otherwise surface only while validating traits. */
  private void checkKeywords(Object node, String pointer) {
    if (node instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        checkKeywords(a.getValue(i), pointer + "/" + i);
      }
      return;
    }
    if (!(node instanceof JsonObject s)) {
      return;
    }
    Object type = s.getValue("type");
    if (type != null) {
      List<Object> types = type instanceof JsonArray a ? a.getList() : List.of(type);
      for (Object t : types) {
        if (!(t instanceof String ts) || !TYPES.contains(ts)) {
          throw new SchemaException(id, pointer + "/type", "not a JSON Schema type: " + t);
        }
      }
    }
    for (String key : List.of("properties", "definitions", "$defs", "patternProperties")) {
      Object v = s.getValue(key);
      if (v != null && !(v instanceof JsonObject)) {
        throw new SchemaException(id, pointer + "/" + key, "\"" + key + "\" must be an object");
      }
    }
    Object req = s.getValue("required");
    if (req != null && !(req instanceof JsonArray ra && ra.stream().allMatch(String.class::isInstance))) {
      throw new SchemaException(id, pointer + "/required", "\"required\" must be an array of strings");
    }
    for (String key : List.of("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")) {
      Object v = s.getValue(key);
      if (v != null && !(v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() == Math.rint(
          n.doubleValue()))) {
        throw new SchemaException(id, pointer + "/" + key, "\"" + key + "\" must be a non-negative integer");
      }
    }
    Object pattern = s.getValue("pattern");
    if (pattern != null) {
      try {
        Pattern.compile(String.valueOf(pattern));
      } catch (PatternSyntaxException e) {
        throw new SchemaException(id, pointer + "/pattern", "invalid regular expression: " + e.getDescription());
      }
    }
    for (String key : List.of("properties", "definitions", "$defs", "patternProperties")) {
      JsonObject m = s.getJsonObject(key);
      if (m != null) {
        for (String k : m.fieldNames()) {
          checkKeywords(m.getValue(k), pointer + "/" + key + "/" + k.replace("~", "~0").replace("/", "~1"));
        }
      }
    }
    for (String key : List.of("items", "additionalProperties", "not", "if", "then", "else", "allOf", "anyOf",
        "oneOf", "contains")) {
      if (s.containsKey(key)) {
        checkKeywords(s.getValue(key), pointer + "/" + key);
      }
    }
  }
}
