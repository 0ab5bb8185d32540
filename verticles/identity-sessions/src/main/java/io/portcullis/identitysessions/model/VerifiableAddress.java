package io.portcullis.identitysessions.model;

import java.time.Instant;
import java.util.UUID;

/** An address to verify (e-mail or phone), with Kratos' status: {@code pending}, {@code sent}, {@code completed}. */
public record VerifiableAddress(UUID id, String via, String value, boolean verified, Instant verifiedAt,
    String status, Instant createdAt, Instant updatedAt) {
}
