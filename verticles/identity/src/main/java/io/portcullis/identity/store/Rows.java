package io.portcullis.identity.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between rows and Java values that every store shares. */
final class Rows {
  private Rows() {
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  /** Timestamps inside {@code json_agg} output arrive as ISO text. */
  static Instant instant(JsonObject json, String field) {
    String s = json.getString(field);
    return s == null ? null : OffsetDateTime.parse(s).toInstant();
  }

  static OffsetDateTime time(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  /** A jsonb column that may hold any JSON value; SQL NULL and JSON null are both null. */
  static Object json(Row row, String column) {
    Object v = row.getValue(column);
    return v == Tuple.JSON_NULL ? null : v;
  }

  /** A value to bind to a jsonb parameter: objects and arrays as they are, scalars wrapped. */
  static Object jsonParam(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof JsonObject || v instanceof JsonArray) {
      return v;
    }
    if (v instanceof java.util.Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      JsonObject o = new JsonObject((java.util.Map<String, Object>) m);
      return o;
    }
    if (v instanceof java.util.List<?> l) {
      return new JsonArray(new java.util.ArrayList<>(l));
    }
    return io.vertx.core.json.Json.encode(v).equals("null") ? null : v;
  }
}
