package io.portcullis.kafka.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The data of a {@code sh.portcullis.identity.session.revoked.v1} event: the one contract between the identity role,
 * which writes revocations (outbox row, event-bus message, Kafka record), and the session role, which applies them.
 *
 * <p>Reading is strict about the fields the schema defines and ignores fields it does not know: a revocation must
 * still be applied when a newer writer adds a field (the schema's {@code trace_id}, written when a trace is current, is
 * one this reader does not use).
 *
 * @param sessionIds the revoked sessions; strings, as the schema has them (the identity role writes UUIDs)
 * @param clientAddress who asked for the revocation; null for none (the admin API), then absent from the JSON
 * @param userAgent the asker's user agent; null when unknown, then absent from the JSON
 */
public record SessionsRevoked(UUID identityId, List<String> sessionIds, RevocationCause cause, String clientAddress,
    String userAgent) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TYPE = EventTypes.SESSION_REVOKED;

  public SessionsRevoked {
    Objects.requireNonNull(identityId, "identityId");
    Objects.requireNonNull(cause, "cause");
    sessionIds = List.copyOf(sessionIds);
  }

  /** Revoked {@code sessions}, as the identity role names them. */
  public static SessionsRevoked of(UUID identityId, List<UUID> sessions, RevocationCause cause, String clientAddress,
      String userAgent) {
    return new SessionsRevoked(identityId, sessions.stream().map(UUID::toString).toList(), cause, clientAddress,
        userAgent);
  }

  /**
   * The JSON object, fields in this order: {@code identity_id}, {@code client_address}, {@code user_agent},
   * {@code session_ids}, {@code cause} (the order the identity role has always written).
   */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode().put("identity_id", identityId.toString());
    if (clientAddress != null) {
      o.put("client_address", clientAddress);
    }
    if (userAgent != null) {
      o.put("user_agent", userAgent);
    }
    ArrayNode ids = o.putArray("session_ids");
    sessionIds.forEach(ids::add);
    return o.put("cause", cause.wire()).toString();
  }

  /** Reads the JSON of {@link #toJson()}; anything else is an {@link InvalidEventException} naming the field. */
  public static SessionsRevoked fromJson(String json) {
    return fromData(parse(json, "(payload)"));
  }

  /**
   * The revocation carried by a CloudEvent (the JSON of a Kafka record on the revocation topic); empty when the event
   * is of another type or has no data.
   */
  public static Optional<SessionsRevoked> fromCloudEvent(String json) {
    JsonNode event = parse(json, "(event)");
    JsonNode data = event.get("data");
    if (!TYPE.equals(event.path("type").asText(null)) || data == null || data.isNull()) {
      return Optional.empty();
    }
    if (!data.isObject()) {
      throw new InvalidEventException(TYPE, "data", data.toString(), "a JSON object");
    }
    return Optional.of(fromData(data));
  }

  private static JsonNode parse(String json, String what) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (JsonProcessingException e) {
      // reported below, with the text that is not JSON
    }
    throw new InvalidEventException(TYPE, what, json, "a JSON object");
  }

  private static SessionsRevoked fromData(JsonNode data) {
    UUID identityId = uuid(data, "identity_id");
    JsonNode idsNode = data.get("session_ids");
    if (idsNode == null || !idsNode.isArray()) {
      throw new InvalidEventException(TYPE, "session_ids", json(idsNode), "an array of session ids (strings)");
    }
    List<String> ids = new ArrayList<>(idsNode.size());
    for (int i = 0; i < idsNode.size(); i++) {
      JsonNode id = idsNode.get(i);
      if (!id.isTextual()) {
        throw new InvalidEventException(TYPE, "session_ids[" + i + "]", id.toString(), "a string");
      }
      ids.add(id.asText());
    }
    JsonNode cause = data.get("cause");
    if (cause == null || !cause.isTextual()) {
      throw RevocationCause.invalid(json(cause));
    }
    return new SessionsRevoked(identityId, ids, RevocationCause.fromWire(cause.asText()), text(data, "client_address", false, false),
        text(data, "user_agent", false, true));
  }

  private static UUID uuid(JsonNode data, String field) {
    String s = text(data, field, true, false);
    try {
      UUID id = UUID.fromString(s);
      // UUID.fromString also takes short forms ("1-2-3-4-5"); only the canonical one reads back as written.
      if (id.toString().equals(s.toLowerCase(Locale.ROOT))) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new InvalidEventException(TYPE, field, data.get(field).toString(), "a UUID");
  }

  /** The string in {@code field}; null when it is absent (or null, if {@code nullable}) and not {@code required}. */
  private static String text(JsonNode data, String field, boolean required, boolean nullable) {
    JsonNode node = data.get(field);
    if (node == null || (node.isNull() && nullable)) {
      if (required) {
        throw new InvalidEventException(TYPE, field, null, "a string");
      }
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidEventException(TYPE, field, node.toString(), nullable ? "a string or null" : "a string");
    }
    return node.asText();
  }

  private static String json(JsonNode node) {
    return node == null ? null : node.toString();
  }
}
