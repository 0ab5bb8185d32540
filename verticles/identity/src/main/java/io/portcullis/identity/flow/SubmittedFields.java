package io.portcullis.identity.flow;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.schema.IdentitySchema;
import io.portcullis.identity.schema.TraitPath;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.portcullis.identitysessions.kratos.KratosError;
import java.util.Locale;
import java.util.Set;

/** What a flow submission carries, decoded as Kratos decodes it. */
public final class SubmittedFields {
  private SubmittedFields() {
  }

  /**
   * Top-level fields the flows read as text, as Kratos' bodies declare them strings. A JSON body that gives one of them
   * another type is refused as Kratos refuses a body it cannot decode (400), instead of failing later as a 500.
   */
  static final Set<String> TEXT_FIELDS = Set.of("method", "csrf_token", "identifier", "password_identifier",
      "password", "provider", "link", "unlink", "code", "email", "resend", "totp_code", "lookup_secret",
      "webauthn_login", "webauthn_register", "webauthn_register_displayname", "webauthn_remove", "passkey_login",
      "passkey_register", "passkey_remove");

  /**
   * The submitted fields as JSON: a JSON body as it is, or a form ({@code traits.name.first=Ada}) turned into nested
   * objects, with trait values typed as the schema says (numbers, booleans), as Kratos decodes forms.
   */
  public static JsonObject of(RoutingContext ctx, IdentitySchema schema) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      return ofJson(Http.body(ctx));
    }
    return ofForm(ctx.request().formAttributes(), schema);
  }

  /** A JSON body's fields, once every {@link #TEXT_FIELDS text field} is checked to be text (or null). */
  static JsonObject ofJson(JsonObject body) {
    for (String name : TEXT_FIELDS) {
      Object v = body.getValue(name);
      if (v != null && !(v instanceof String)) {
        throw KratosError.badRequest("Unable to decode JSON payload: the field " + name + " must be a string, got "
            + v);
      }
    }
    return body;
  }

  /** A form's fields as nested objects ({@code a.b=1} is {@code {"a":{"b":"1"}}}); a name of dots only is ignored. */
  static JsonObject ofForm(MultiMap form, IdentitySchema schema) {
    JsonObject out = new JsonObject();
    for (String name : form.names()) {
      String[] parts = name.split("\\.");
      if (parts.length == 0) {
        continue;
      }
      String value = form.get(name);
      JsonObject parent = out;
      for (int i = 0; i < parts.length - 1; i++) {
        Object child = parent.getValue(parts[i]);
        if (!(child instanceof JsonObject)) {
          child = new JsonObject();
          parent.put(parts[i], child);
        }
        parent = (JsonObject) child;
      }
      parent.put(parts[parts.length - 1], typed(schema, name, value));
    }
    return out;
  }

  /** The submitted traits without the empty strings of optional traits, as browsers send every input. */
  public static JsonObject traits(JsonObject submission) {
    Object t = submission.getValue("traits");
    return t instanceof JsonObject o ? prune(o) : new JsonObject();
  }

  /**
   * The submission's {@code transient_payload} (handed to hooks, never stored): a JSON object, or a form field holding
   * one; null when absent or not an object.
   */
  public static JsonObject transientPayload(JsonObject submission) {
    Object p = submission.getValue("transient_payload");
    if (p instanceof String s && s.strip().startsWith("{")) {
      try {
        return new JsonObject(s);
      } catch (io.vertx.core.json.DecodeException e) {
        return null;
      }
    }
    return p instanceof JsonObject o ? o : null;
  }

  private static Object typed(IdentitySchema schema, String name, String value) {
    if (schema == null || !name.startsWith("traits.")) {
      return value;
    }
    for (TraitPath p : schema.paths()) {
      if (p.name().equals(name)) {
        switch (p.type()) {
          case "number", "integer" -> {
            if (value.isEmpty()) {
              return null;
            }
            try {
              return p.type().equals("integer") ? (Object) Long.parseLong(value) : (Object) Double.parseDouble(value);
            } catch (NumberFormatException e) {
              return value;
            }
          }
          case "boolean" -> {
            return value.equals("true") || value.equals("on") || value.equals("1");
          }
          default -> {
            return value;
          }
        }
      }
    }
    return value;
  }

  private static JsonObject prune(JsonObject o) {
    JsonObject out = new JsonObject();
    for (String k : o.fieldNames()) {
      Object v = o.getValue(k);
      if (v instanceof JsonObject child) {
        JsonObject p = prune(child);
        if (!p.isEmpty()) {
          out.put(k, p);
        }
      } else if (v != null && !"".equals(v)) {
        out.put(k, v);
      }
    }
    return out;
  }
}
