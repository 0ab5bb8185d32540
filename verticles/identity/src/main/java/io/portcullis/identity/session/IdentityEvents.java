package io.portcullis.identity.session;

import io.portcullis.kafka.events.RevocationCause;
import io.portcullis.kafka.events.SessionsRevoked;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Payloads of the identity events written to the outbox, as the schemas in {@code kafka/src/main/resources/schemas}
 * define them ({@code sh.portcullis.identity.*}).
 */
public final class IdentityEvents {
  private IdentityEvents() {
  }

  /** The revocation contract's JSON ({@link SessionsRevoked}), as the outbox and the event bus carry it. */
  public static JsonObject sessionsRevoked(UUID identityId, List<UUID> sessions, RevocationCause cause,
      ClientInfo by) {
    return new JsonObject(SessionsRevoked.of(identityId, sessions, cause, clientAddress(by), userAgent(by)).toJson());
  }

  public static JsonObject loginSucceeded(UUID identityId, UUID sessionId, UUID flowId, String method, ClientInfo by) {
    return base(identityId, by).put("session_id", sessionId.toString())
        .put("flow_id", flowId == null ? null : flowId.toString()).put("method", method).put("aal", "aal1");
  }

  /**
   * A password login refused for wrong credentials: the identifier only as the hex SHA-256 of its trimmed lowercase
   * form; {@code client_address} always present (unlike the other events).
   */
  public static JsonObject loginFailed(UUID flowId, String identifier, ClientInfo client) {
    return withAgent(new JsonObject().put("method", "password").put("client_address", client.address())
        .put("reason", "invalid_credentials").put("flow_id", flowId.toString())
        .put("identifier_hash", identifierHash(identifier)), client);
  }

  /** How events and rate limits name an identifier: the hex SHA-256 of its trimmed lowercase form. */
  public static String identifierHash(String identifier) {
    return HexFormat.of().formatHex(SessionTokens.hash(identifier.trim().toLowerCase(Locale.ROOT)));
  }

  /**
   * An attempt refused because its identifier or client address must wait ({@code rate_limited}).
   *
   * @param scope {@code identifier} or {@code address}
   * @param key the identifier's hash, or the address
   * @param retryAfterSeconds null for a lockout that lasts until an operator lifts it
   */
  public static JsonObject rateLimited(String flow, String scope, String key, int failures, Long retryAfterSeconds,
      boolean locked, ClientInfo client) {
    return withAgent(limit(flow, scope, key, failures).put("retry_after_seconds", retryAfterSeconds)
        .put("locked", locked).put("client_address", client.address()), client);
  }

  /** The attempt that locked {@code key} out ({@code locked_out}); {@code lockedUntil} null: until lifted. */
  public static JsonObject lockedOut(String flow, String scope, String key, int failures, String lockedUntil,
      ClientInfo client) {
    return withAgent(limit(flow, scope, key, failures).put("locked_until", lockedUntil)
        .put("client_address", client.address()), client);
  }

  /** An operator lifted the limit of {@code key} through the admin API ({@code rate_limit.lifted}). */
  public static JsonObject rateLimitLifted(String flow, String scope, String key, int failures, boolean wasLocked) {
    return limit(flow, scope, key, failures).put("was_locked", wasLocked).put("by", "admin");
  }

  private static JsonObject limit(String flow, String scope, String key, int failures) {
    return new JsonObject().put("flow", flow).put("scope", scope).put("key", key).put("failures", failures);
  }

  private static JsonObject withAgent(JsonObject o, ClientInfo client) {
    if (client.userAgent() != null) {
      o.put("user_agent", client.userAgent());
    }
    return o;
  }

  /** @param by {@code admin}, {@code registration} or {@code import} */
  public static JsonObject identityCreated(UUID identityId, String schemaId, String by, ClientInfo client) {
    return base(identityId, client).put("schema_id", schemaId).put("by", by);
  }

  /** @param by {@code admin} or {@code settings} */
  public static JsonObject identityUpdated(UUID identityId, List<String> fields, String by, ClientInfo client) {
    return base(identityId, client).put("fields", new JsonArray(List.copyOf(fields))).put("by", by);
  }

  public static JsonObject registration(UUID identityId, String schemaId, UUID flowId, String method,
      ClientInfo client) {
    return base(identityId, client).put("schema_id", schemaId).put("flow_id", flowId.toString()).put("method", method);
  }

  public static JsonObject logout(UUID identityId, UUID sessionId, ClientInfo client) {
    return base(identityId, client).put("session_id", sessionId.toString());
  }

  public static JsonObject settingsChanged(UUID identityId, UUID flowId, String method, List<String> changed,
      ClientInfo client) {
    return base(identityId, client).put("flow_id", flowId.toString()).put("method", method)
        .put("changed", new JsonArray(List.copyOf(changed)));
  }

  public static JsonObject identityDeleted(UUID identityId) {
    return new JsonObject().put("identity_id", identityId.toString()).put("by", "admin");
  }

  private static JsonObject base(UUID identityId, ClientInfo by) {
    JsonObject o = new JsonObject().put("identity_id", identityId.toString());
    if (clientAddress(by) != null) {
      o.put("client_address", clientAddress(by));
    }
    if (userAgent(by) != null) {
      o.put("user_agent", userAgent(by));
    }
    return o;
  }

  /** The asker's address; none for the admin API, which has no client address. */
  private static String clientAddress(ClientInfo by) {
    return by == null || by.address().isEmpty() ? null : by.address();
  }

  private static String userAgent(ClientInfo by) {
    return by == null ? null : by.userAgent();
  }
}
