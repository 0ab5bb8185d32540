package io.portcullis.identity.store;

import io.portcullis.identitysessions.db.Rows;
import io.portcullis.identitysessions.model.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sessions, found by the hash of their token. Writes take a connection so they can join a transaction. */
public final class SessionStore {
  private static final String COLUMNS = "s.id, s.identity_id, s.active, s.aal, s.authentication_methods, s.devices, "
      + "s.authenticated_at, s.issued_at, s.expires_at, s.created_at, s.updated_at";

  /** One page of sessions and the id to continue after. */
  public record Page(List<Session> sessions, UUID next) {
  }

  public Future<Void> insert(SqlClient db, Session s, byte[] tokenHash, byte[] logoutTokenHash) {
    return db.preparedQuery("INSERT INTO sessions (id, identity_id, token_hash, logout_token_hash, active, aal, "
            + "authentication_methods, devices, authenticated_at, issued_at, expires_at, created_at, updated_at) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
        .execute(Tuple.tuple().addUUID(s.id()).addUUID(s.identityId()).addBuffer(Buffer.buffer(tokenHash))
            .addBuffer(Buffer.buffer(logoutTokenHash)).addBoolean(s.active()).addString(s.aal())
            .addValue(s.authenticationMethods()).addValue(s.devices())
            .addOffsetDateTime(Rows.time(s.authenticatedAt())).addOffsetDateTime(Rows.time(s.issuedAt()))
            .addOffsetDateTime(Rows.time(s.expiresAt())).addOffsetDateTime(Rows.time(s.createdAt()))
            .addOffsetDateTime(Rows.time(s.updatedAt())))
        .mapEmpty();
  }

  public Future<Optional<Session>> findByLogoutTokenHash(SqlClient db, byte[] hash) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM sessions s WHERE s.logout_token_hash = $1")
        .execute(Tuple.of(Buffer.buffer(hash))).map(SessionStore::first);
  }

  public Future<Optional<Session>> get(SqlClient db, UUID id) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM sessions s WHERE s.id = $1").execute(Tuple.of(id))
        .map(SessionStore::first);
  }

  /**
   * Sessions by id, optionally of one identity and optionally only (in)active ones; {@code size} after
   * {@code after}.
   */
  public Future<Page> list(SqlClient db, UUID identityId, Boolean active, int size, UUID after, Instant now) {
    List<String> where = new ArrayList<>();
    Tuple args = Tuple.tuple();
    if (identityId != null) {
      args.addUUID(identityId);
      where.add("s.identity_id = $" + args.size());
    }
    if (active != null) {
      args.addOffsetDateTime(Rows.time(now));
      where.add(active ? "(s.active AND s.expires_at > $" + args.size() + ")"
          : "(NOT s.active OR s.expires_at <= $" + args.size() + ")");
    }
    if (after != null) {
      args.addUUID(after);
      where.add("s.id > $" + args.size());
    }
    args.addInteger(size + 1);
    String sql = "SELECT " + COLUMNS + " FROM sessions s " + (where.isEmpty() ? "" : "WHERE " + String.join(" AND ",
        where)) + " ORDER BY s.id LIMIT $" + args.size();
    return db.preparedQuery(sql).execute(args).map(rows -> {
      List<Session> all = new ArrayList<>();
      for (Row r : rows) {
        all.add(map(r));
      }
      if (all.size() > size) {
        List<Session> page = List.copyOf(all.subList(0, size));
        return new Page(page, page.get(size - 1).id());
      }
      return new Page(all, null);
    });
  }

  /** Deactivates one session; completes with it if it was active (so a revocation event is due). */
  public Future<Optional<Session>> revoke(SqlClient db, UUID id, Instant now) {
    return db.preparedQuery("UPDATE sessions s SET active = false, updated_at = $2 WHERE s.id = $1 AND s.active "
        + "RETURNING " + COLUMNS).execute(Tuple.of(id, Rows.time(now))).map(SessionStore::first);
  }

  /** Deactivates every active session of an identity except {@code keep} (may be null); returns their ids. */
  public Future<List<UUID>> revokeAllOf(SqlClient db, UUID identityId, UUID keep, Instant now) {
    return db.preparedQuery("UPDATE sessions SET active = false, updated_at = $3 WHERE identity_id = $1 AND active "
            + "AND ($2::uuid IS NULL OR id <> $2) RETURNING id")
        .execute(Tuple.of(identityId, keep, Rows.time(now)))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getUUID(0)));
          return ids;
        });
  }

  /**
   * Moves a valid session's expiry to {@code expiresAt} when it expires before {@code extendableBefore} (Kratos'
   * {@code session.earliest_possible_extend} window); empty when the session is not valid or not due, so a caller
   * tells the two apart by reading it.
   */
  public Future<Optional<Session>> extend(SqlClient db, UUID id, Instant expiresAt, Instant extendableBefore,
      Instant now) {
    return db.preparedQuery("UPDATE sessions s SET expires_at = $2, updated_at = $4 WHERE s.id = $1 AND s.active "
            + "AND s.expires_at > $4 AND s.expires_at < $3 AND EXISTS (SELECT 1 FROM identities i "
            + "WHERE i.id = s.identity_id AND i.state = 'active') RETURNING " + COLUMNS)
        .execute(Tuple.of(id, Rows.time(expiresAt), Rows.time(extendableBefore), Rows.time(now)))
        .map(SessionStore::first);
  }

  /**
   * A re-authentication of an active session: authenticated again now, with one more method, at assurance level
   * {@code aal}, and a new lifespan.
   */
  public Future<Optional<Session>> refresh(SqlClient db, UUID id, JsonObject method, String aal, Instant expiresAt,
      Instant now) {
    return db.preparedQuery("UPDATE sessions s SET authenticated_at = $2, issued_at = $2, expires_at = $3, "
            + "updated_at = $2, authentication_methods = s.authentication_methods || jsonb_build_array($4::jsonb), "
            + "aal = $5 WHERE s.id = $1 AND s.active RETURNING " + COLUMNS)
        .execute(Tuple.of(id, Rows.time(now), Rows.time(expiresAt), method, aal))
        .map(SessionStore::first);
  }

  /** One more method on an active session, at assurance level {@code aal}, without re-authenticating it. */
  public Future<Optional<Session>> addMethod(SqlClient db, UUID id, JsonObject method, String aal, Instant now) {
    return db.preparedQuery("UPDATE sessions s SET updated_at = $2, authentication_methods = "
            + "s.authentication_methods || jsonb_build_array($3::jsonb), aal = $4 WHERE s.id = $1 AND s.active "
            + "RETURNING " + COLUMNS)
        .execute(Tuple.of(id, Rows.time(now), method, aal))
        .map(SessionStore::first);
  }

  private static Optional<Session> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
  }

  static Session map(Row r) {
    return new Session(r.getUUID("id"), r.getUUID("identity_id"), r.getBoolean("active"), r.getString("aal"),
        r.getJsonArray("authentication_methods"), r.getJsonArray("devices"), Rows.instant(r, "authenticated_at"),
        Rows.instant(r, "issued_at"), Rows.instant(r, "expires_at"), Rows.instant(r, "created_at"),
        Rows.instant(r, "updated_at"), null);
  }
}
