package io.portcullis.identitysessions.db;

import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.RecoveryAddress;
import io.portcullis.identitysessions.model.VerifiableAddress;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** How an identity is read: its columns with credentials and addresses aggregated as JSON, and the row mapping. */
public final class IdentityRows {
  /** The identity columns and its credentials and addresses aggregated as JSON, over {@code identities i}. */
  public static final String COLUMNS = "i.id, i.schema_id, i.traits, i.state, i.state_changed_at, "
      + "i.metadata_public, i.metadata_admin, i.external_id, i.created_at, i.updated_at, "
      + "(SELECT coalesce(json_agg(json_build_object('id', c.id, 'type', c.type, 'config', c.config, "
      + "'version', c.version, 'created_at', c.created_at, 'updated_at', c.updated_at, 'identifiers', "
      + "(SELECT coalesce(json_agg(ci.identifier ORDER BY ci.identifier), '[]') FROM identity_credential_identifiers ci "
      + "WHERE ci.credential_id = c.id)) ORDER BY c.type), '[]') FROM identity_credentials c "
      + "WHERE c.identity_id = i.id) AS credentials, "
      + "(SELECT coalesce(json_agg(v ORDER BY v.created_at, v.value), '[]') FROM identity_verifiable_addresses v "
      + "WHERE v.identity_id = i.id) AS verifiable, "
      + "(SELECT coalesce(json_agg(r ORDER BY r.created_at, r.value), '[]') FROM identity_recovery_addresses r "
      + "WHERE r.identity_id = i.id) AS recovery";

  private IdentityRows() {
  }

  /** The identity of a row selected with {@link #COLUMNS}. */
  public static Identity map(Row r) {
    Map<String, Credential> credentials = new LinkedHashMap<>();
    for (Object o : r.getJsonArray("credentials")) {
      JsonObject c = (JsonObject) o;
      List<String> identifiers = new ArrayList<>();
      c.getJsonArray("identifiers").forEach(x -> identifiers.add((String) x));
      credentials.put(c.getString("type"), new Credential(UUID.fromString(c.getString("id")), c.getString("type"),
          identifiers, c.getJsonObject("config"), c.getInteger("version"), Rows.instant(c, "created_at"),
          Rows.instant(c, "updated_at")));
    }
    List<VerifiableAddress> verifiable = new ArrayList<>();
    for (Object o : r.getJsonArray("verifiable")) {
      JsonObject a = (JsonObject) o;
      verifiable.add(new VerifiableAddress(UUID.fromString(a.getString("id")), a.getString("via"),
          a.getString("value"), a.getBoolean("verified"), Rows.instant(a, "verified_at"), a.getString("status"),
          Rows.instant(a, "created_at"), Rows.instant(a, "updated_at")));
    }
    List<RecoveryAddress> recovery = new ArrayList<>();
    for (Object o : r.getJsonArray("recovery")) {
      JsonObject a = (JsonObject) o;
      recovery.add(new RecoveryAddress(UUID.fromString(a.getString("id")), a.getString("via"), a.getString("value"),
          Rows.instant(a, "created_at"), Rows.instant(a, "updated_at")));
    }
    return new Identity(r.getUUID("id"), r.getString("schema_id"), r.getJsonObject("traits"), r.getString("state"),
        Rows.instant(r, "state_changed_at"), Rows.json(r, "metadata_public"), Rows.json(r, "metadata_admin"),
        r.getString("external_id"), Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"), credentials,
        verifiable, recovery);
  }
}
