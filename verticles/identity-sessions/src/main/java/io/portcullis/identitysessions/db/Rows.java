package io.portcullis.identitysessions.db;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between rows and Java values that every store of the identity database shares. */
public final class Rows {
  private Rows() {
  }

  public static Instant instant(Row row, String column) {
    OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  /** Timestamps inside {@code json_agg} output arrive as ISO text. */
  public static Instant instant(JsonObject json, String field) {
    String s = json.getString(field);
    return s == null ? null : OffsetDateTime.parse(s).toInstant();
  }

  public static OffsetDateTime time(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  /** A jsonb column that may hold any JSON value; SQL NULL and JSON null are both null. */
  public static Object json(Row row, String column) {
    Object v = row.getValue(column);
    return v == Tuple.JSON_NULL ? null : v;
  }
}
