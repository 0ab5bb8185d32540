package io.portcullis.identitysessions.db;

import io.portcullis.identitysessions.model.Session;
import io.portcullis.runtime.Sha256;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds the session a token opens. Tokens are stored as their SHA-256 only, so a database dump hands out no
 * sessions; this is the one query behind whoami and every session check that misses the edge cache.
 */
public final class SessionLookup {
  private SessionLookup() {
  }

  /** The valid session (active, unexpired, identity active) holding {@code token}, with its identity. */
  public static Future<Optional<Session>> valid(SqlClient db, String token, Instant now) {
    if (token == null || token.isEmpty() || token.length() > 256) {
      return Future.succeededFuture(Optional.empty());
    }
    return findValid(db, hash(token), now);
  }

  /** What is stored of a token, and what it is looked up by. */
  public static byte[] hash(String token) {
    return Sha256.digest(token.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The active, unexpired session holding this token hash with its active identity, in one round trip.
   */
  public static Future<Optional<Session>> findValid(SqlClient db, byte[] hash, Instant now) {
    return db.preparedQuery("SELECT " + IdentityRows.COLUMNS + ", s.id AS s_id, s.active AS s_active, s.aal AS s_aal, "
            + "s.authentication_methods AS s_methods, s.devices AS s_devices, s.authenticated_at AS s_authenticated_at, "
            + "s.issued_at AS s_issued_at, s.expires_at AS s_expires_at, s.created_at AS s_created_at, "
            + "s.updated_at AS s_updated_at FROM sessions s JOIN identities i ON i.id = s.identity_id "
            + "WHERE s.token_hash = $1 AND s.active AND s.expires_at > $2 AND i.state = 'active'")
        .execute(Tuple.of(Buffer.buffer(hash), Rows.time(now)))
        .map(rows -> {
          var it = rows.iterator();
          if (!it.hasNext()) {
            return Optional.<Session>empty();
          }
          Row r = it.next();
          var identity = IdentityRows.map(r);
          return Optional.of(new Session(r.getUUID("s_id"), identity.id(), r.getBoolean("s_active"),
              r.getString("s_aal"), r.getJsonArray("s_methods"), r.getJsonArray("s_devices"),
              Rows.instant(r, "s_authenticated_at"), Rows.instant(r, "s_issued_at"), Rows.instant(r, "s_expires_at"),
              Rows.instant(r, "s_created_at"), Rows.instant(r, "s_updated_at"), identity));
        });
  }
}
