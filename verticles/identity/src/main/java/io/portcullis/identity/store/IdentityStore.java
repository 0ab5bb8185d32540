package io.portcullis.identity.store;

import io.portcullis.identitysessions.db.IdentityRows;
import io.portcullis.identitysessions.db.Rows;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.RecoveryAddress;
import io.portcullis.identitysessions.model.VerifiableAddress;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
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

/**
 * Identities with their credentials and addresses. Reads assemble an identity in one round trip (credentials and
 * addresses aggregated as JSON); writes take a connection so callers can put them in one transaction with sessions
 * and outbox rows.
 */
public final class IdentityStore {
  private static final String SELECT = "SELECT " + IdentityRows.COLUMNS + " FROM identities i ";

  /** One page of a listing and the id to continue after, if there is more. */
  public record Page(List<Identity> identities, UUID next) {
  }

  public Future<Optional<Identity>> get(SqlClient db, UUID id) {
    return db.preparedQuery(SELECT + "WHERE i.id = $1").execute(Tuple.of(id)).map(IdentityStore::first);
  }

  /** The identity whose {@code external_id} is {@code externalId} (the column is unique). */
  public Future<Optional<Identity>> findByExternalId(SqlClient db, String externalId) {
    return db.preparedQuery(SELECT + "WHERE i.external_id = $1").execute(Tuple.of(externalId))
        .map(IdentityStore::first);
  }

  /** The identity that owns {@code identifier} for credential {@code type}, e.g. the password login. */
  public Future<Optional<Identity>> findByIdentifier(SqlClient db, String type, String identifier) {
    return db.preparedQuery(SELECT + "WHERE i.id = (SELECT identity_id FROM identity_credential_identifiers "
        + "WHERE type = $1 AND identifier = $2)").execute(Tuple.of(type, identifier)).map(IdentityStore::first);
  }

  /**
   * Identities ordered by id, {@code size} at a time after {@code after}; optionally only the one owning an
   * identifier (of any credential type) or with an external id.
   */
  public Future<Page> list(SqlClient db, int size, UUID after, String credentialsIdentifier, List<UUID> ids) {
    List<String> where = new ArrayList<>();
    Tuple args = Tuple.tuple();
    if (after != null) {
      args.addUUID(after);
      where.add("i.id > $" + args.size());
    }
    if (credentialsIdentifier != null) {
      args.addString(credentialsIdentifier);
      where.add("i.id IN (SELECT identity_id FROM identity_credential_identifiers WHERE identifier = $" + args.size()
          + ")");
    }
    if (ids != null && !ids.isEmpty()) {
      args.addArrayOfUUID(ids.toArray(UUID[]::new));
      where.add("i.id = ANY($" + args.size() + ")");
    }
    args.addInteger(size + 1);
    String sql = SELECT + (where.isEmpty() ? "" : "WHERE " + String.join(" AND ", where)) + " ORDER BY i.id LIMIT $"
        + args.size();
    return db.preparedQuery(sql).execute(args).map(rows -> {
      List<Identity> all = new ArrayList<>();
      for (Row r : rows) {
        all.add(IdentityRows.map(r));
      }
      if (all.size() > size) {
        List<Identity> page = all.subList(0, size);
        return new Page(List.copyOf(page), page.get(size - 1).id());
      }
      return new Page(all, null);
    });
  }

  /** Inserts an identity with everything it holds. Fails with {@link Duplicate} on a taken identifier. */
  public Future<Identity> insert(SqlClient db, Identity i) {
    return db.preparedQuery("INSERT INTO identities (id, schema_id, traits, state, state_changed_at, metadata_public, "
            + "metadata_admin, external_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .execute(Tuple.tuple().addUUID(i.id()).addString(i.schemaId()).addValue(i.traits()).addString(i.state())
            .addOffsetDateTime(Rows.time(i.stateChangedAt())).addValue(jsonParam(i.metadataPublic()))
            .addValue(jsonParam(i.metadataAdmin())).addString(i.externalId())
            .addOffsetDateTime(Rows.time(i.createdAt())).addOffsetDateTime(Rows.time(i.updatedAt())))
        .compose(x -> insertParts(db, i))
        .recover(t -> Future.failedFuture(Duplicate.translate(t)))
        .map(i);
  }

  /**
   * Replaces an identity's fields, credentials and addresses. Addresses that stay keep their verification state.
   * Fails with {@link Duplicate} on a taken identifier.
   */
  public Future<Identity> update(SqlClient db, Identity i) {
    return db.preparedQuery("UPDATE identities SET schema_id = $2, traits = $3, state = $4, state_changed_at = $5, "
            + "metadata_public = $6, metadata_admin = $7, external_id = $8, updated_at = $9 WHERE id = $1")
        .execute(Tuple.tuple().addUUID(i.id()).addString(i.schemaId()).addValue(i.traits()).addString(i.state())
            .addOffsetDateTime(Rows.time(i.stateChangedAt())).addValue(jsonParam(i.metadataPublic()))
            .addValue(jsonParam(i.metadataAdmin())).addString(i.externalId())
            .addOffsetDateTime(Rows.time(i.updatedAt())))
        .compose(x -> db.preparedQuery("DELETE FROM identity_credentials WHERE identity_id = $1")
            .execute(Tuple.of(i.id())))
        .compose(x -> db.preparedQuery("DELETE FROM identity_verifiable_addresses WHERE identity_id = $1")
            .execute(Tuple.of(i.id())))
        .compose(x -> db.preparedQuery("DELETE FROM identity_recovery_addresses WHERE identity_id = $1")
            .execute(Tuple.of(i.id())))
        .compose(x -> insertParts(db, i))
        .recover(t -> Future.failedFuture(Duplicate.translate(t)))
        .map(i);
  }

  /** An address of an identity, by channel and value: what recovery and verification mail to. */
  public record Address(UUID identityId, String via, String value) {
  }

  /** The recovery address {@code value} (already normalised) reached by {@code via}; the oldest when shared. */
  public Future<Optional<Address>> findRecoveryAddress(SqlClient db, String via, String value) {
    return findAddress(db, "identity_recovery_addresses", via, value);
  }

  /** The verifiable address {@code value} (already normalised) reached by {@code via}; the oldest when shared. */
  public Future<Optional<Address>> findVerifiableAddress(SqlClient db, String via, String value) {
    return findAddress(db, "identity_verifiable_addresses", via, value);
  }

  private static Future<Optional<Address>> findAddress(SqlClient db, String table, String via, String value) {
    return db.preparedQuery("SELECT identity_id, via, value FROM " + table + " WHERE via = $1 AND value = $2 "
            + "ORDER BY created_at LIMIT 1")
        .execute(Tuple.of(via, value))
        .map(rows -> {
          var it = rows.iterator();
          if (!it.hasNext()) {
            return Optional.empty();
          }
          Row r = it.next();
          return Optional.of(new Address(r.getUUID("identity_id"), r.getString("via"), r.getString("value")));
        });
  }

  /** Marks the identity's verifiable address {@code a} verified (status completed); false when it has none such. */
  public Future<Boolean> markVerified(SqlClient db, Address a, Instant now) {
    return db.preparedQuery("UPDATE identity_verifiable_addresses SET verified = true, verified_at = $4, "
            + "status = 'completed', updated_at = $4 WHERE identity_id = $1 AND via = $2 AND value = $3")
        .execute(Tuple.of(a.identityId(), a.via(), a.value(), Rows.time(now)))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Kratos' status {@code sent} once a verification message is queued; a completed address stays completed. */
  public Future<Void> markVerificationSent(SqlClient db, Address a, Instant now) {
    return db.preparedQuery("UPDATE identity_verifiable_addresses SET status = 'sent', updated_at = $4 "
            + "WHERE identity_id = $1 AND via = $2 AND value = $3 AND status <> 'completed'")
        .execute(Tuple.of(a.identityId(), a.via(), a.value(), Rows.time(now))).mapEmpty();
  }

  /** Deletes an identity and, by cascade, its credentials, addresses and sessions. True if it existed. */
  public Future<Boolean> delete(SqlClient db, UUID id) {
    return db.preparedQuery("DELETE FROM identities WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Replaces one credential's config (e.g. a re-hashed password) without touching its identifiers. */
  public Future<Void> updateCredentialConfig(SqlClient db, UUID credentialId, JsonObject config, Instant now) {
    return db.preparedQuery("UPDATE identity_credentials SET config = $2, updated_at = $3 WHERE id = $1")
        .execute(Tuple.of(credentialId, config, Rows.time(now))).mapEmpty();
  }

  /**
   * Replaces one credential's config only if it still is {@code expected}; false when another request changed it
   * first (so a recovery code cannot be spent twice by two concurrent logins).
   */
  public Future<Boolean> replaceCredentialConfig(SqlClient db, UUID credentialId, JsonObject expected,
      JsonObject config, Instant now) {
    return db.preparedQuery("UPDATE identity_credentials SET config = $3, updated_at = $4 WHERE id = $1 "
            + "AND config = $2::jsonb")
        .execute(Tuple.of(credentialId, expected, config, Rows.time(now))).map(rows -> rows.rowCount() == 1);
  }

  private Future<Void> insertParts(SqlClient db, Identity i) {
    List<Tuple> creds = new ArrayList<>();
    List<Tuple> identifiers = new ArrayList<>();
    for (Credential c : i.credentials().values()) {
      creds.add(Tuple.tuple().addUUID(c.id()).addUUID(i.id()).addString(c.type()).addValue(c.config())
          .addInteger(c.version()).addOffsetDateTime(Rows.time(c.createdAt()))
          .addOffsetDateTime(Rows.time(c.updatedAt())));
      for (String identifier : c.identifiers()) {
        identifiers.add(Tuple.of(UUID.randomUUID(), c.id(), i.id(), c.type(), identifier));
      }
    }
    List<Tuple> verifiable = new ArrayList<>();
    for (VerifiableAddress a : i.verifiableAddresses()) {
      verifiable.add(Tuple.tuple().addUUID(a.id()).addUUID(i.id()).addString(a.via()).addString(a.value())
          .addBoolean(a.verified()).addOffsetDateTime(Rows.time(a.verifiedAt())).addString(a.status())
          .addOffsetDateTime(Rows.time(a.createdAt())).addOffsetDateTime(Rows.time(a.updatedAt())));
    }
    List<Tuple> recovery = new ArrayList<>();
    for (RecoveryAddress a : i.recoveryAddresses()) {
      recovery.add(Tuple.tuple().addUUID(a.id()).addUUID(i.id()).addString(a.via()).addString(a.value())
          .addOffsetDateTime(Rows.time(a.createdAt())).addOffsetDateTime(Rows.time(a.updatedAt())));
    }
    return batch(db, "INSERT INTO identity_credentials (id, identity_id, type, config, version, created_at, updated_at) "
        + "VALUES ($1, $2, $3, $4, $5, $6, $7)", creds)
        .compose(x -> batch(db, "INSERT INTO identity_credential_identifiers (id, credential_id, identity_id, type, "
            + "identifier) VALUES ($1, $2, $3, $4, $5)", identifiers))
        .compose(x -> batch(db, "INSERT INTO identity_verifiable_addresses (id, identity_id, via, value, verified, "
            + "verified_at, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", verifiable))
        .compose(x -> batch(db, "INSERT INTO identity_recovery_addresses (id, identity_id, via, value, created_at, "
            + "updated_at) VALUES ($1, $2, $3, $4, $5, $6)", recovery));
  }

  private static Future<Void> batch(SqlClient db, String sql, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture() : db.preparedQuery(sql).executeBatch(rows).mapEmpty();
  }

  private static Optional<Identity> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(IdentityRows.map(it.next())) : Optional.empty();
  }

  /** A value to bind to a jsonb parameter: objects and arrays as they are, scalars wrapped. */
  private static Object jsonParam(Object v) {
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
