package io.portcullis.identitysessions.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One credential of an identity. For {@code password}, {@code config} holds {@code hashed_password}; identifiers are
 * what a person types to log in (normalised as the schema says).
 */
public record Credential(UUID id, String type, List<String> identifiers, JsonObject config, int version,
    Instant createdAt, Instant updatedAt) {
  public static final String PASSWORD = "password";

  public Credential {
    identifiers = List.copyOf(identifiers);
  }
}
