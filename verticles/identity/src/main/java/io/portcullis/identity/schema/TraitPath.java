package io.portcullis.identity.schema;

import io.vertx.core.json.JsonObject;

/**
 * One leaf property of an identity schema (Kratos' {@code jsonschemax.Path}): its dotted name ("traits.name.first"),
 * the JSON pointer of its sub-schema, the sub-schema with local {@code $ref}s resolved, whether its parent lists it as
 * required, and its {@code ory.sh/kratos} extension (null when it has none).
 */
public record TraitPath(String name, String schemaPointer, JsonObject schema, boolean required,
    ExtensionConfig extension) {

  /** The first JSON type of the property ("string" when none is declared). */
  public String type() {
    Object t = schema.getValue("type");
    if (t instanceof String s) {
      return s;
    }
    if (t instanceof io.vertx.core.json.JsonArray a) {
      for (Object o : a) {
        if (!"null".equals(o)) {
          return String.valueOf(o);
        }
      }
    }
    return "string";
  }

  public String format() {
    return schema.getString("format", "");
  }

  public String title() {
    return schema.getString("title", "");
  }
}
