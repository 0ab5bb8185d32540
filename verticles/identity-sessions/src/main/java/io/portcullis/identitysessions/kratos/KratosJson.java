package io.portcullis.identitysessions.kratos;

import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.RecoveryAddress;
import io.portcullis.identitysessions.model.Session;
import io.portcullis.identitysessions.model.VerifiableAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Identities and sessions in Kratos' JSON. Only fields of Kratos' spec are written: the official clients reject
 * unknown ones.
 */
public final class KratosJson {
  private final String publicBaseUrl;

  /** @param publicBaseUrl the public API's base URL without a trailing slash, for {@code schema_url} */
  public KratosJson(String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
        : publicBaseUrl;
  }

  /** What the identity itself sees (whoami, settings): no credentials, no admin metadata. */
  public JsonObject identity(Identity i) {
    JsonObject o = new JsonObject()
        .put("id", i.id().toString())
        .put("schema_id", i.schemaId())
        .put("schema_url", schemaUrl(i.schemaId()))
        .put("state", i.state())
        .put("state_changed_at", time(i.stateChangedAt()))
        .put("traits", i.traits());
    JsonArray verifiable = new JsonArray();
    for (VerifiableAddress a : i.verifiableAddresses()) {
      verifiable.add(new JsonObject().put("id", a.id().toString()).put("value", a.value())
          .put("verified", a.verified()).put("via", a.via()).put("status", a.status())
          .put("verified_at", time(a.verifiedAt())).put("created_at", time(a.createdAt()))
          .put("updated_at", time(a.updatedAt())));
      if (a.verifiedAt() == null) {
        verifiable.getJsonObject(verifiable.size() - 1).remove("verified_at");
      }
    }
    JsonArray recovery = new JsonArray();
    for (RecoveryAddress a : i.recoveryAddresses()) {
      recovery.add(new JsonObject().put("id", a.id().toString()).put("value", a.value()).put("via", a.via())
          .put("created_at", time(a.createdAt())).put("updated_at", time(a.updatedAt())));
    }
    return o.put("verifiable_addresses", verifiable)
        .put("recovery_addresses", recovery)
        .put("metadata_public", i.metadataPublic())
        .put("created_at", time(i.createdAt()))
        .put("updated_at", time(i.updatedAt()))
        .put("organization_id", null);
  }

  /** The admin view: admin metadata and credentials (type, identifiers, version; secrets never). */
  public JsonObject adminIdentity(Identity i) {
    JsonObject o = identity(i).put("metadata_admin", i.metadataAdmin());
    if (i.externalId() != null) {
      o.put("external_id", i.externalId());
    }
    JsonObject creds = new JsonObject();
    for (Credential c : i.credentials().values()) {
      creds.put(c.type(), new JsonObject().put("type", c.type()).put("identifiers", new JsonArray(c.identifiers()))
          .put("config", new JsonObject()).put("version", c.version()).put("created_at", time(c.createdAt()))
          .put("updated_at", time(c.updatedAt())));
    }
    return o.put("credentials", creds);
  }

  /** A session with its identity as the holder sees it. */
  public JsonObject session(Session s) {
    JsonObject o = new JsonObject()
        .put("id", s.id().toString())
        .put("active", s.active())
        .put("expires_at", time(s.expiresAt()))
        .put("authenticated_at", time(s.authenticatedAt()))
        .put("authenticator_assurance_level", s.aal())
        .put("authentication_methods", s.authenticationMethods())
        .put("issued_at", time(s.issuedAt()));
    if (s.identity() != null) {
      o.put("identity", identity(s.identity()));
    }
    return o.put("devices", s.devices());
  }

  /** A session in the admin API: the identity with admin fields. */
  public JsonObject adminSession(Session s) {
    JsonObject o = session(s);
    if (s.identity() != null) {
      o.put("identity", adminIdentity(s.identity()));
    }
    return o;
  }

  public String schemaUrl(String schemaId) {
    return publicBaseUrl + "/schemas/" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(schemaId.getBytes(StandardCharsets.UTF_8));
  }

  public static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
