package io.portcullis.identity.store;

import io.portcullis.identitysessions.db.Rows;
import io.portcullis.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/**
 * Appends events in the caller's transaction, so an event exists exactly when the change it describes committed.
 * Types are the identity event types of {@code io.portcullis.kafka.events.EventTypes}; a relay publishes them.
 * An event written while a trace is current (the request that caused it) carries its {@code trace_id}.
 */
public final class Outbox {
  public Future<Void> append(SqlClient tx, String type, String subject, JsonObject payload, Instant now) {
    String traceId = Tracing.currentTraceId();
    if (traceId != null) {
      payload.put("trace_id", traceId);
    }
    return tx.preparedQuery("INSERT INTO outbox (id, type, subject, payload, created_at) VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(UUID.randomUUID(), type, subject, payload, Rows.time(now))).mapEmpty();
  }
}
