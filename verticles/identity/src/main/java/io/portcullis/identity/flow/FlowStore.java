package io.portcullis.identity.flow;

import io.portcullis.identitysessions.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/** Self-service flows. Expired flows stay readable (to answer 410 with a pointer) until the janitor removes them. */
public final class FlowStore {
  private static final String COLUMNS = "id, kind, type, state, request_url, return_to, csrf_token, identity_id, "
      + "session_id, data, ui, issued_at, expires_at, created_at, updated_at";

  public Future<Flow> insert(SqlClient db, Flow f) {
    return db.preparedQuery("INSERT INTO selfservice_flows (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
            + "$9, $10, $11, $12, $13, $14, $15)")
        .execute(Tuple.tuple().addUUID(f.id()).addString(f.kind()).addString(f.type()).addString(f.state())
            .addString(f.requestUrl()).addString(f.returnTo()).addString(f.csrfToken()).addUUID(f.identityId())
            .addUUID(f.sessionId()).addValue(f.data()).addValue(f.ui()).addOffsetDateTime(Rows.time(f.issuedAt()))
            .addOffsetDateTime(Rows.time(f.expiresAt())).addOffsetDateTime(Rows.time(f.createdAt()))
            .addOffsetDateTime(Rows.time(f.updatedAt())))
        .map(f);
  }

  public Future<Optional<Flow>> get(SqlClient db, UUID id, String kind) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM selfservice_flows WHERE id = $1 AND kind = $2")
        .execute(Tuple.of(id, kind))
        .map(rows -> {
          var it = rows.iterator();
          return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
        });
  }

  /** Saves state, ui, data and CSRF token after a submission. */
  public Future<Flow> update(SqlClient db, Flow f) {
    return db.preparedQuery("UPDATE selfservice_flows SET state = $2, ui = $3, data = $4, updated_at = $5, "
            + "csrf_token = $6 WHERE id = $1")
        .execute(Tuple.of(f.id(), f.state(), f.ui(), f.data(), Rows.time(f.updatedAt()), f.csrfToken()))
        .map(f);
  }

  private static Flow map(Row r) {
    return new Flow(r.getUUID("id"), r.getString("kind"), r.getString("type"), r.getString("state"),
        r.getString("request_url"), r.getString("return_to"), r.getString("csrf_token"), r.getUUID("identity_id"),
        r.getUUID("session_id"), r.getJsonObject("data"), r.getJsonObject("ui"), Rows.instant(r, "issued_at"),
        Rows.instant(r, "expires_at"), Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"));
  }
}
