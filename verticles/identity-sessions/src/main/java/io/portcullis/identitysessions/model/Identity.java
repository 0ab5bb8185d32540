package io.portcullis.identitysessions.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An identity as stored: traits validated against its schema, credentials by type, and the addresses its schema
 * marks for verification and recovery.
 *
 * @param metadataPublic any JSON value or null; visible to the identity itself
 * @param metadataAdmin any JSON value or null; admin API only
 */
public record Identity(UUID id, String schemaId, JsonObject traits, String state, Instant stateChangedAt,
    Object metadataPublic, Object metadataAdmin, String externalId, Instant createdAt, Instant updatedAt,
    Map<String, Credential> credentials, List<VerifiableAddress> verifiableAddresses,
    List<RecoveryAddress> recoveryAddresses) {

  public static final String ACTIVE = "active";
  public static final String INACTIVE = "inactive";

  public Identity {
    credentials = Map.copyOf(credentials);
    verifiableAddresses = List.copyOf(verifiableAddresses);
    recoveryAddresses = List.copyOf(recoveryAddresses);
  }

  public boolean active() {
    return ACTIVE.equals(state);
  }

  public Credential credential(String type) {
    return credentials.get(type);
  }
}
