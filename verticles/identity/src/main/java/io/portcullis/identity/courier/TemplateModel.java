package io.portcullis.identity.courier;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a template sees: Kratos' model struct of its type, with the fields Kratos has (and only those), zero values
 * where the letter has none (a template never meets a missing field, as in Go); and the same as Kratos stores it in
 * {@code template_data}, with its JSON names.
 */
final class TemplateModel {
  /** A field of a Kratos template model: the Go name templates use and the JSON name it is stored under. */
  private record Field(String goName, String jsonName, Object zero) {
  }

  private static final Field TO = new Field("To", "to", "");
  private static final Field REQUEST_URL = new Field("RequestURL", "request_url", "");
  private static final Field TRANSIENT_PAYLOAD = new Field("TransientPayload", "transient_payload", Map.of());
  private static final Field IDENTITY = new Field("Identity", "identity", Map.of());
  private static final Field EXPIRES = new Field("ExpiresInMinutes", "expires_in_minutes", 0L);
  private static final Field RECOVERY_URL = new Field("RecoveryURL", "recovery_url", "");
  private static final Field RECOVERY_CODE = new Field("RecoveryCode", "recovery_code", "");
  private static final Field VERIFICATION_URL = new Field("VerificationURL", "verification_url", "");
  private static final Field VERIFICATION_CODE = new Field("VerificationCode", "verification_code", "");

  private TemplateModel() {
  }

  private static List<Field> fields(TemplateType type) {
    return switch (type) {
      case RECOVERY_VALID -> List.of(TO, RECOVERY_URL, IDENTITY, REQUEST_URL, TRANSIENT_PAYLOAD, EXPIRES);
      case RECOVERY_CODE_VALID -> List.of(TO, RECOVERY_CODE, IDENTITY, REQUEST_URL, TRANSIENT_PAYLOAD, EXPIRES);
      case VERIFICATION_VALID -> List.of(TO, VERIFICATION_URL, IDENTITY, REQUEST_URL, TRANSIENT_PAYLOAD, EXPIRES);
      case VERIFICATION_CODE_VALID -> List.of(TO, VERIFICATION_URL, VERIFICATION_CODE, IDENTITY, REQUEST_URL,
          TRANSIENT_PAYLOAD, EXPIRES);
      case RECOVERY_INVALID, RECOVERY_CODE_INVALID, VERIFICATION_INVALID, VERIFICATION_CODE_INVALID ->
          List.of(TO, REQUEST_URL, TRANSIENT_PAYLOAD);
    };
  }

  /** The model as templates navigate it ({@code .RecoveryURL}, {@code .Identity.traits.email}). */
  static Map<String, Object> of(Letter letter) {
    Map<String, Object> model = new LinkedHashMap<>();
    for (Field f : fields(letter.template())) {
      Object v = plain(letter.data().getValue(f.goName()));
      model.put(f.goName(), v == null ? (f == TO ? letter.recipient() : f.zero()) : v);
    }
    return model;
  }

  /** Kratos' {@code template_data}: the model under its JSON names. */
  static JsonObject templateData(Map<String, Object> model, TemplateType type) {
    JsonObject data = new JsonObject();
    for (Field f : fields(type)) {
      data.put(f.jsonName(), model.get(f.goName()));
    }
    return data;
  }

  /** JSON values as the template engine navigates them: maps and lists all the way down. */
  private static Object plain(Object v) {
    if (v instanceof JsonObject o) {
      Map<String, Object> m = new LinkedHashMap<>();
      o.forEach(e -> m.put(e.getKey(), plain(e.getValue())));
      return m;
    }
    if (v instanceof JsonArray a) {
      List<Object> l = new ArrayList<>();
      a.forEach(e -> l.add(plain(e)));
      return l;
    }
    if (v instanceof Map<?, ?> map) {
      return plain(new JsonObject(castMap(map)));
    }
    if (v instanceof List<?> list) {
      return plain(new JsonArray(new ArrayList<>(list)));
    }
    return v instanceof Integer || v instanceof Short || v instanceof Byte ? Long.valueOf(((Number) v).longValue()) : v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
