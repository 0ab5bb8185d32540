package io.portcullis.identitysessions.model;

import java.time.Instant;
import java.util.UUID;

/** An address account recovery may be sent to. */
public record RecoveryAddress(UUID id, String via, String value, Instant createdAt, Instant updatedAt) {
}
