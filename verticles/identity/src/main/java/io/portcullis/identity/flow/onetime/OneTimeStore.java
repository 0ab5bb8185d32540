package io.portcullis.identity.flow.onetime;

import io.portcullis.identity.store.IdentityStore;
import io.portcullis.identitysessions.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Link tokens and codes in {@code selfservice_tokens}: issued for one flow, redeemed once. Codes count against the
 * flow's {@code submit_count} before they are compared, in a statement of its own, so that a guess counts even when
 * what follows fails (Kratos' {@code useOneTimeCode}).
 */
public final class OneTimeStore {
  private static final String COLUMNS = "id, identity_id, address_via, address_value, issued_by, expires_at, used_at";
  private final OneTimeSecrets secrets;

  public OneTimeStore(OneTimeSecrets secrets) {
    this.secrets = secrets;
  }

  /**
   * One stored secret.
   *
   * @param address where it was mailed, null when an administrator issued it
   */
  public record Stored(UUID id, UUID identityId, IdentityStore.Address address, boolean admin, Instant expiresAt,
      Instant usedAt) {
    public boolean expiredAt(Instant now) {
      return !expiresAt.isAfter(now);
    }
  }

  /** What became of a submitted code, in the order Kratos checks: too many tries, unknown, expired, used. */
  public enum Outcome {
    SUBMITTED_TOO_OFTEN, NOT_FOUND, EXPIRED, ALREADY_USED, REDEEMED
  }

  /** @param secret the code, present for {@link Outcome#EXPIRED}, {@link Outcome#ALREADY_USED} and REDEEMED */
  public record Redemption(Outcome outcome, Stored secret) {
  }

  /**
   * Stores {@code secret} (a new token or code) for {@code flowId} in {@code db}.
   *
   * @param address where it is mailed, or null when an administrator issues it for {@code identityId}
   */
  public Future<Void> issue(SqlClient db, UUID flowId, OneTimeKind kind, String secret, UUID identityId,
      IdentityStore.Address address, Duration lifespan, Instant now) {
    return db.preparedQuery("INSERT INTO selfservice_tokens (id, flow_id, kind, secret_hash, identity_id, "
            + "address_via, address_value, issued_by, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
            + "$9, $10)")
        .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(flowId).addString(kind.column())
            .addString(secrets.hash(secret)).addUUID(identityId)
            .addString(address == null ? null : address.via()).addString(address == null ? null : address.value())
            .addString(address == null ? "admin" : "self_service")
            .addOffsetDateTime(Rows.time(now.plus(lifespan))).addOffsetDateTime(Rows.time(now)))
        .mapEmpty();
  }

  /** A link token: the unused one of {@code flowId} matching {@code token}, marked used now; empty if none. */
  public Future<Optional<Stored>> redeemToken(SqlClient db, UUID flowId, OneTimeKind kind, String token,
      Instant now) {
    return db.preparedQuery("UPDATE selfservice_tokens SET used_at = $4 WHERE id = (SELECT id FROM selfservice_tokens "
            + "WHERE flow_id = $1 AND kind = $2 AND secret_hash = ANY($3) AND used_at IS NULL LIMIT 1) "
            + "AND used_at IS NULL RETURNING " + COLUMNS)
        .execute(Tuple.of(flowId, kind.column(), secrets.candidates(token).toArray(String[]::new), Rows.time(now)))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(map(rows.iterator().next())) : Optional.empty());
  }

  /**
   * A code: counts the submission against {@code flowId} (committed on its own, hence the pool), then finds the
   * flow's code equal to {@code code} and marks it used if it is still valid.
   */
  public Future<Redemption> redeemCode(Pool db, UUID flowId, OneTimeKind kind, String code, int maxSubmissions,
      Instant now) {
    return db.preparedQuery("UPDATE selfservice_flows SET submit_count = submit_count + 1 WHERE id = $1 "
            + "RETURNING submit_count").execute(Tuple.of(flowId))
        .compose(counted -> {
          var it = counted.iterator();
          if (!it.hasNext()) {
            return Future.succeededFuture(new Redemption(Outcome.NOT_FOUND, null));
          }
          if (it.next().getInteger(0) > maxSubmissions) {
            return Future.succeededFuture(new Redemption(Outcome.SUBMITTED_TOO_OFTEN, null));
          }
          return db.preparedQuery("SELECT " + COLUMNS + " FROM selfservice_tokens WHERE flow_id = $1 AND kind = $2 "
                  + "AND secret_hash = ANY($3) ORDER BY created_at DESC LIMIT 1")
              .execute(Tuple.of(flowId, kind.column(), secrets.candidates(code).toArray(String[]::new)))
              .compose(rows -> {
                if (!rows.iterator().hasNext()) {
                  return Future.succeededFuture(new Redemption(Outcome.NOT_FOUND, null));
                }
                Stored s = map(rows.iterator().next());
                if (s.expiredAt(now)) {
                  return Future.succeededFuture(new Redemption(Outcome.EXPIRED, s));
                }
                if (s.usedAt() != null) {
                  return Future.succeededFuture(new Redemption(Outcome.ALREADY_USED, s));
                }
                return db.preparedQuery("UPDATE selfservice_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL")
                    .execute(Tuple.of(s.id(), Rows.time(now)))
                    .map(updated -> new Redemption(updated.rowCount() == 1 ? Outcome.REDEEMED : Outcome.ALREADY_USED,
                        s));
              });
        });
  }

  /** Removes the flow's secrets of {@code kind} (a new code replaces the ones sent before). */
  public Future<Void> deleteOfFlow(SqlClient db, UUID flowId, OneTimeKind kind) {
    return db.preparedQuery("DELETE FROM selfservice_tokens WHERE flow_id = $1 AND kind = $2")
        .execute(Tuple.of(flowId, kind.column())).mapEmpty();
  }

  private static Stored map(Row r) {
    String via = r.getString("address_via");
    IdentityStore.Address address = via == null ? null
        : new IdentityStore.Address(r.getUUID("identity_id"), via, r.getString("address_value"));
    return new Stored(r.getUUID("id"), r.getUUID("identity_id"), address, "admin".equals(r.getString("issued_by")),
        Rows.instant(r, "expires_at"), Rows.instant(r, "used_at"));
  }
}
