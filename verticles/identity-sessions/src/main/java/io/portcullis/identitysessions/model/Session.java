package io.portcullis.identitysessions.model;

import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.UUID;

/**
 * A login session. The token itself is never stored; {@code identity} is filled when the session was read together
 * with it.
 *
 * @param authenticationMethods Kratos' {@code authentication_methods}: {@code [{method, aal, completed_at}]}
 * @param devices Kratos' {@code devices}: {@code [{id, ip_address, user_agent, location}]}
 */
public record Session(UUID id, UUID identityId, boolean active, String aal, JsonArray authenticationMethods,
    JsonArray devices, Instant authenticatedAt, Instant issuedAt, Instant expiresAt, Instant createdAt,
    Instant updatedAt, Identity identity) {

  public Session withIdentity(Identity i) {
    return new Session(id, identityId, active, aal, authenticationMethods, devices, authenticatedAt, issuedAt,
        expiresAt, createdAt, updatedAt, i);
  }
}
