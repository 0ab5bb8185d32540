package io.portcullis.identity.hook;

import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.VerifiableAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a web hook's {@code {"identity": {...}}} answer (with {@code response.parse}) changes, as Kratos applies it:
 * non-empty {@code traits}, {@code schema_id} and {@code state} replace the identity's; {@code metadata_public},
 * {@code metadata_admin} and {@code external_id} replace them when present (null clears); {@code verifiable_addresses}
 * set the verification state of the addresses the traits hold. Addresses and credential identifiers follow the traits.
 */
final class IdentityChanges {
  private IdentityChanges() {
  }

  /** Now, to the microsecond PostgreSQL keeps. */
  private static Instant now() {
    return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  static Identity apply(Identity i, JsonObject changes, IdentityService identities) {
    Identity out = i;
    JsonObject traits = changes.getValue("traits") instanceof JsonObject t && !t.isEmpty() ? t : null;
    String schemaId = changes.getValue("schema_id") instanceof String s && !s.isEmpty() ? s : null;
    if (traits != null || schemaId != null) {
      out = identities.withTraits(out, schemaId != null ? schemaId : out.schemaId(),
          traits != null ? traits : out.traits());
    }
    String state = changes.getValue("state") instanceof String s && !s.isEmpty() ? s : out.state();
    Instant stateChangedAt = state.equals(out.state()) ? out.stateChangedAt() : now();
    Object metadataPublic = changes.containsKey("metadata_public") ? changes.getValue("metadata_public")
        : out.metadataPublic();
    Object metadataAdmin = changes.containsKey("metadata_admin") ? changes.getValue("metadata_admin")
        : out.metadataAdmin();
    String externalId = changes.containsKey("external_id") ? changes.getString("external_id") : out.externalId();
    List<VerifiableAddress> addresses = out.verifiableAddresses();
    if (changes.getValue("verifiable_addresses") instanceof JsonArray given && !given.isEmpty()) {
      addresses = verified(addresses, given);
    }
    return new Identity(out.id(), out.schemaId(), out.traits(), state, stateChangedAt, metadataPublic, metadataAdmin,
        externalId, out.createdAt(), out.updatedAt(), out.credentials(), addresses, out.recoveryAddresses());
  }

  /** The addresses with the {@code verified} and {@code status} the answer gives for the same {@code via}/{@code value}. */
  private static List<VerifiableAddress> verified(List<VerifiableAddress> addresses, JsonArray given) {
    List<VerifiableAddress> out = new ArrayList<>();
    for (VerifiableAddress a : addresses) {
      VerifiableAddress changed = a;
      for (Object o : given) {
        if (o instanceof JsonObject g && a.value().equals(g.getString("value"))
            && a.via().equals(g.getString("via", a.via()))) {
          boolean verified = Boolean.TRUE.equals(g.getValue("verified"));
          String status = g.getValue("status") instanceof String s ? s : verified ? "completed" : a.status();
          changed = new VerifiableAddress(a.id(), a.via(), a.value(), verified,
              verified ? (a.verifiedAt() != null ? a.verifiedAt() : now()) : null, status, a.createdAt(),
              now());
        }
      }
      out.add(changed);
    }
    return out;
  }
}
