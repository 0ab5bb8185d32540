package io.portcullis.identity.manage;

import io.portcullis.identity.oidc.OidcCredentials;
import io.portcullis.identity.password.PasswordService;
import io.portcullis.identity.schema.Extracted;
import io.portcullis.identity.schema.IdentitySchema;
import io.portcullis.identity.schema.IdentitySchemas;
import io.portcullis.identity.schema.TraitViolation;
import io.portcullis.identity.schema.TraitsValidator;
import io.portcullis.identity.session.ClientInfo;
import io.portcullis.identity.session.IdentityEvents;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identity.store.Duplicate;
import io.portcullis.identity.store.IdentityStore;
import io.portcullis.identity.store.Outbox;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.RecoveryAddress;
import io.portcullis.identitysessions.model.VerifiableAddress;
import io.portcullis.kafka.events.EventTypes;
import io.portcullis.kafka.events.RevocationCause;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Creating, changing and deleting identities: traits are validated against their schema, credential identifiers and
 * addresses derived from it, passwords hashed off the event loop, and every change written with its event (and, when
 * sessions end because of it, their revocation) in one transaction.
 */
public final class IdentityService {
  private static final String WEBAUTHN = "webauthn";
  private final Pool pool;
  private final IdentityStore store;
  private final Outbox outbox;
  private final IdentitySchemas schemas;
  private final PasswordService passwords;
  private final SessionService sessions;
  private final Map<String, TraitsValidator> validators = new ConcurrentHashMap<>();

  public IdentityService(Pool pool, IdentityStore store, Outbox outbox, IdentitySchemas schemas,
      PasswordService passwords, SessionService sessions) {
    this.pool = pool;
    this.store = store;
    this.outbox = outbox;
    this.schemas = schemas;
    this.passwords = passwords;
    this.sessions = sessions;
  }

  public IdentitySchemas schemas() {
    return schemas;
  }

  public IdentityStore store() {
    return store;
  }

  public Pool pool() {
    return pool;
  }

  public IdentitySchema schema(String id) {
    return schemas.find(id).orElseThrow(() -> KratosError.badRequest("The identity schema \"" + id
        + "\" is not configured; configured schemas: " + schemas.all().stream().map(IdentitySchema::id)
        .collect(Collectors.joining(", "))));
  }

  /** Violations of {@code traits} against the schema, as form messages; empty when valid. */
  public List<TraitViolation> validate(IdentitySchema schema, JsonObject traits) {
    return validators.computeIfAbsent(schema.id(), k -> TraitsValidator.of(schema)).validate(traits);
  }

  /** An admin create or import ({@code createIdentityBody}). */
  public Future<Identity> create(JsonObject body) {
    String schemaId = body.getString("schema_id", schemas.defaultId());
    IdentitySchema schema = schema(schemaId);
    JsonObject traits = traitsOf(body);
    requireValid(schema, traits);
    String state = stateOf(body, Identity.ACTIVE);
    Instant now = sessions.now();
    return passwordConfig(body, null).compose(passwordConfig -> {
      Identity i = build(UUID.randomUUID(), schema, traits, state, now, body.getValue("metadata_public"),
          body.getValue("metadata_admin"), body.getString("external_id"), now, now, passwordConfig, List.of(),
          importedVerified(body), importedOidc(body, null, now));
      return pool.withTransaction(tx -> store.insert(tx, i)
          .compose(x -> outbox.append(tx, EventTypes.IDENTITY_CREATED, i.id().toString(),
              IdentityEvents.identityCreated(i.id(), schemaId, body.containsKey("credentials") ? "import" : "admin",
                  ClientInfo.admin()), now))
          .map(i)).recover(IdentityService::conflict);
    });
  }

  /** A new identity registering with {@code traits} (and a password hash, or null), not stored yet. */
  public Identity draft(IdentitySchema schema, JsonObject traits, String hashedPassword) {
    Instant now = sessions.now();
    return build(UUID.randomUUID(), schema, traits, Identity.ACTIVE, now, null, null, null, now, now,
        hashedPassword == null ? null : new JsonObject().put("hashed_password", hashedPassword), List.of(), Map.of(),
        List.of());
  }

  /**
   * A new identity signing up with {@code credential} (an OpenID Connect provider): traits and metadata from the
   * mapper, the addresses in {@code verified} ({@code via:value}) already verified, as Kratos' oidc registration.
   */
  public Identity draft(IdentitySchema schema, JsonObject traits, Object metadataPublic, Object metadataAdmin,
      Credential credential, Map<String, Boolean> verified) {
    Instant now = sessions.now();
    return build(UUID.randomUUID(), schema, traits, Identity.ACTIVE, now, metadataPublic, metadataAdmin, null, now,
        now, null, List.of(), verified, List.of(credential));
  }

  /**
   * Inserts {@link #draft a registering identity} (as hooks may have changed it), registered by {@code method}, in
   * {@code tx}, with its events.
   */
  public Future<Identity> register(SqlClient tx, Identity draft, UUID flowId, ClientInfo client, String method) {
    Instant now = draft.createdAt();
    return store.insert(tx, draft)
        .compose(x -> outbox.append(tx, EventTypes.IDENTITY_CREATED, draft.id().toString(),
            IdentityEvents.identityCreated(draft.id(), draft.schemaId(), "registration", client), now))
        .compose(x -> outbox.append(tx, EventTypes.REGISTRATION, draft.id().toString(),
            IdentityEvents.registration(draft.id(), draft.schemaId(), flowId, method, client), now))
        .map(draft);
  }

  /**
   * Replaces one credential other than the password (an OpenID Connect link after login) in {@code tx}
   * ({@link #withCredential}).
   */
  public Future<Identity> saveCredential(SqlClient tx, Identity old, Credential credential, ClientInfo client,
      UUID flowId, String method) {
    return saveSettings(tx, withCredential(old, credential), method, List.of("credentials." + credential.type()),
        client, flowId);
  }

  /**
   * {@code old} with {@code credential} (not the password) in place of the one of its type, or without that type when
   * {@code credential} has no identifiers left. Not stored.
   */
  public Identity withCredential(Identity old, Credential credential) {
    List<Credential> others = new ArrayList<>(others(old));
    others.removeIf(c -> c.type().equals(credential.type()));
    if (!credential.identifiers().isEmpty()) {
      others.add(credential);
    }
    Credential pw = old.credential(Credential.PASSWORD);
    return build(old.id(), schema(old.schemaId()), old.traits(), old.state(), old.stateChangedAt(),
        old.metadataPublic(), old.metadataAdmin(), old.externalId(), old.createdAt(), sessions.now(),
        pw == null ? null : pw.config(), old.verifiableAddresses(), Map.of(), others);
  }

  /** An admin replace ({@code updateIdentityBody}); deactivating revokes the identity's sessions. */
  public Future<Identity> update(UUID id, JsonObject body) {
    return get(id).compose(old -> replace(old, body));
  }

  /** An admin JSON Patch, applied to the identity's admin JSON and then saved as a replace. */
  public Future<Identity> patch(UUID id, io.vertx.core.json.JsonArray operations) {
    return get(id).compose(old -> {
      JsonObject doc = new JsonObject().put("schema_id", old.schemaId()).put("traits", old.traits().copy())
          .put("state", old.state()).put("metadata_public", old.metadataPublic())
          .put("metadata_admin", old.metadataAdmin()).put("external_id", old.externalId())
          .put("credentials", new JsonObject());
      return replace(old, JsonPatch.apply(doc, operations));
    });
  }

  public Future<Identity> get(UUID id) {
    return store.get(pool, id).map(o -> o.orElseThrow(() -> KratosError.notFound("Unable to locate the resource")));
  }

  /** The identity with external id {@code externalId}, or a 404 as {@link #get(UUID)}. */
  public Future<Identity> getByExternalId(String externalId) {
    return store.findByExternalId(pool, externalId)
        .map(o -> o.orElseThrow(() -> KratosError.notFound("Unable to locate the resource")));
  }

  /** Deletes an identity; its sessions end with it (a revocation event for them, then the deletion event). */
  public Future<Void> delete(UUID id) {
    Instant now = sessions.now();
    return pool.withTransaction(tx -> sessions.revokeAll(tx, id, null, RevocationCause.IDENTITY_DELETED,
            ClientInfo.admin())
        .compose(n -> store.delete(tx, id))
        .compose(existed -> {
          if (!existed) {
            return Future.failedFuture(KratosError.notFound("Unable to locate the resource"));
          }
          return outbox.append(tx, EventTypes.IDENTITY_DELETED, id.toString(), IdentityEvents.identityDeleted(id),
              now);
        }));
  }

  /**
   * {@code i} with new traits (and schema): credential identifiers and addresses follow them, verified addresses that
   * stay keep their state. Not stored; traits are not validated here.
   */
  public Identity withTraits(Identity i, String schemaId, JsonObject traits) {
    Credential pw = i.credential(Credential.PASSWORD);
    return build(i.id(), schema(schemaId), traits, i.state(), i.stateChangedAt(), i.metadataPublic(),
        i.metadataAdmin(), i.externalId(), i.createdAt(), sessions.now(), pw == null ? null : pw.config(),
        i.verifiableAddresses(), Map.of(), others(i));
  }

  /** {@code i} with a new password hash, not stored. */
  public Identity withPassword(Identity i, String hashedPassword) {
    return build(i.id(), schema(i.schemaId()), i.traits(), i.state(), i.stateChangedAt(), i.metadataPublic(),
        i.metadataAdmin(), i.externalId(), i.createdAt(), sessions.now(),
        new JsonObject().put("hashed_password", hashedPassword), i.verifiableAddresses(), Map.of(), others(i));
  }

  /**
   * {@code i} with second factor {@code type} (totp, lookup_secret) set to {@code config}, identified by the
   * identity's id as Kratos does; {@code config} null removes it. Not stored ({@link #withCredential(Identity,
   * Credential)}).
   */
  public Identity withCredential(Identity i, String type, JsonObject config) {
    Credential old = i.credential(type);
    Instant now = sessions.now();
    return withCredential(i, new Credential(old == null ? UUID.randomUUID() : old.id(), type,
        config == null ? List.of() : List.of(i.id().toString()), config == null ? new JsonObject() : config, 0,
        old == null ? now : old.createdAt(), now));
  }

  /** Stores {@code changed} (a settings flow's result, as hooks may have changed it) in {@code tx}, with its event. */
  public Future<Identity> saveSettings(SqlClient tx, Identity changed, String method, List<String> fields,
      ClientInfo client, UUID flowId) {
    Instant now = sessions.now();
    return store.update(tx, changed)
        .compose(x -> outbox.append(tx, EventTypes.SETTINGS_CHANGED, changed.id().toString(),
            IdentityEvents.settingsChanged(changed.id(), flowId, method, fields, client), now))
        .map(changed);
  }

  private Future<Identity> replace(Identity old, JsonObject body) {
    for (String required : List.of("schema_id", "traits", "state")) {
      if (!body.containsKey(required)) {
        throw KratosError.badRequest("The field \"" + required + "\" is required.");
      }
    }
    IdentitySchema schema = schema(body.getString("schema_id"));
    JsonObject traits = traitsOf(body);
    requireValid(schema, traits);
    String state = stateOf(body, old.state());
    Instant now = sessions.now();
    Credential oldPassword = old.credential(Credential.PASSWORD);
    return passwordConfig(body, oldPassword == null ? null : oldPassword.config()).compose(pw -> {
      Identity i = build(old.id(), schema, traits, state,
          state.equals(old.state()) ? old.stateChangedAt() : now,
          body.containsKey("metadata_public") ? body.getValue("metadata_public") : old.metadataPublic(),
          body.containsKey("metadata_admin") ? body.getValue("metadata_admin") : old.metadataAdmin(),
          body.containsKey("external_id") ? body.getString("external_id") : old.externalId(), old.createdAt(), now, pw,
          old.verifiableAddresses(), Map.of(), importedOidc(body, old, now));
      List<String> fields = changedFields(old, i);
      boolean deactivated = old.active() && !i.active();
      return pool.withTransaction(tx -> store.update(tx, i)
          .compose(x -> deactivated
              ? sessions.revokeAll(tx, i.id(), null, RevocationCause.IDENTITY_DEACTIVATED, ClientInfo.admin())
              : Future.succeededFuture(0))
          .compose(x -> outbox.append(tx, EventTypes.IDENTITY_UPDATED, i.id().toString(),
              IdentityEvents.identityUpdated(i.id(), fields, "admin", ClientInfo.admin()), now))
          .map(i)).recover(IdentityService::conflict);
    });
  }

  /**
   * Assembles an identity whose password and webauthn identifiers and addresses follow its traits; {@code others} are
   * its credentials other than the password (oidc, webauthn, passkey), kept otherwise as they are.
   */
  private Identity build(UUID id, IdentitySchema schema, JsonObject traits, String state, Instant stateChangedAt,
      Object metadataPublic, Object metadataAdmin, String externalId, Instant createdAt, Instant now,
      JsonObject passwordConfig, List<VerifiableAddress> keep, Map<String, Boolean> importedVerified,
      List<Credential> others) {
    Extracted x = Extracted.extract(schema, traits);
    Map<String, Credential> creds = new LinkedHashMap<>();
    // webauthn identifiers follow the traits as the password's do; the others (oidc, passkey) stay as they are.
    others.forEach(c -> creds.put(c.type(), !c.type().equals(WEBAUTHN) ? c : new Credential(c.id(), c.type(),
        x.webauthnIdentifiers(), c.config(), c.version(), c.createdAt(), c.updatedAt())));
    if (passwordConfig != null || !x.passwordIdentifiers().isEmpty()) {
      creds.put(Credential.PASSWORD, new Credential(UUID.randomUUID(), Credential.PASSWORD, x.passwordIdentifiers(),
          passwordConfig == null ? new JsonObject() : passwordConfig, 0, createdAt, now));
    }
    Map<String, VerifiableAddress> previous = new HashMap<>();
    keep.forEach(a -> previous.put(a.via() + ":" + a.value(), a));
    List<VerifiableAddress> verifiable = new ArrayList<>();
    for (Extracted.Address a : x.verifiableAddresses()) {
      VerifiableAddress before = previous.get(a.via() + ":" + a.value());
      Boolean imported = importedVerified.get(a.via() + ":" + a.value());
      if (before != null) {
        verifiable.add(before);
      } else if (Boolean.TRUE.equals(imported)) {
        verifiable.add(new VerifiableAddress(UUID.randomUUID(), a.via(), a.value(), true, now, "completed", now, now));
      } else {
        verifiable.add(new VerifiableAddress(UUID.randomUUID(), a.via(), a.value(), false, null, "pending", now, now));
      }
    }
    List<RecoveryAddress> recovery = new ArrayList<>();
    for (Extracted.Address a : x.recoveryAddresses()) {
      recovery.add(new RecoveryAddress(UUID.randomUUID(), a.via(), a.value(), now, now));
    }
    return new Identity(id, schema.id(), traits, state, stateChangedAt, metadataPublic, metadataAdmin, externalId,
        createdAt, now, creds, verifiable, recovery);
  }

  /**
   * The password credential's config from {@code credentials.password.config}: a cleartext {@code password} is
   * hashed, a {@code hashed_password} imported if its format can be verified; otherwise {@code keep}.
   */
  private Future<JsonObject> passwordConfig(JsonObject body, JsonObject keep) {
    JsonObject creds = body.getJsonObject("credentials");
    JsonObject pw = creds == null ? null : creds.getJsonObject("password");
    JsonObject config = pw == null ? null : pw.getJsonObject("config");
    if (config == null) {
      return Future.succeededFuture(keep);
    }
    String hashed = config.getString("hashed_password");
    String clear = config.getString("password");
    if (hashed != null && !hashed.isEmpty()) {
      Optional<String> why = passwords.hasher().unsupportedReason(hashed);
      if (why.isPresent()) {
        throw KratosError.badRequest("credentials.password.config.hashed_password: " + why.get());
      }
      return Future.succeededFuture(new JsonObject().put("hashed_password", hashed));
    }
    if (clear != null && !clear.isEmpty()) {
      return passwords.hash(clear).map(h -> new JsonObject().put("hashed_password", h));
    }
    return Future.succeededFuture(keep);
  }

  /** The credentials of {@code i} other than the password, which {@link #build} derives again. */
  private static List<Credential> others(Identity i) {
    return i.credentials().values().stream().filter(c -> !c.type().equals(Credential.PASSWORD)).toList();
  }

  /**
   * {@code old}'s other credentials with {@code credentials.oidc.config.providers} of the body added (Kratos'
   * {@code importOIDCCredentials}); without that key, the old ones.
   */
  private static List<Credential> importedOidc(JsonObject body, Identity old, Instant now) {
    List<Credential> kept = old == null ? new ArrayList<>() : new ArrayList<>(others(old));
    JsonObject creds = body.getValue("credentials") instanceof JsonObject c ? c : null;
    if (creds == null || !(creds.getValue(OidcCredentials.TYPE) instanceof JsonObject oidc)) {
      return kept;
    }
    Credential before = old == null ? null : old.credential(OidcCredentials.TYPE);
    kept.removeIf(c -> c.type().equals(OidcCredentials.TYPE));
    kept.add(OidcCredentials.with(before, OidcCredentials.imported(
        oidc.getValue("config") instanceof JsonObject config ? config : null), now));
    return kept;
  }

  private void requireValid(IdentitySchema schema, JsonObject traits) {
    List<TraitViolation> violations = validate(schema, traits);
    if (!violations.isEmpty()) {
      String reason = violations.stream().map(v -> v.nodeName() + ": " + v.message().text())
          .collect(Collectors.joining("; "));
      throw KratosError.badRequest(reason);
    }
  }

  private static JsonObject traitsOf(JsonObject body) {
    Object t = body.getValue("traits");
    if (!(t instanceof JsonObject o)) {
      throw KratosError.badRequest("The field \"traits\" must be a JSON object.");
    }
    return o;
  }

  private static String stateOf(JsonObject body, String dflt) {
    String state = body.getString("state", dflt);
    if (!state.equals(Identity.ACTIVE) && !state.equals(Identity.INACTIVE)) {
      throw KratosError.badRequest("state is \"" + state + "\", expected active or inactive.");
    }
    return state;
  }

  /** {@code verifiable_addresses} given on import: which addresses arrive already verified. */
  private static Map<String, Boolean> importedVerified(JsonObject body) {
    Map<String, Boolean> out = new HashMap<>();
    var list = body.getJsonArray("verifiable_addresses");
    if (list != null) {
      for (Object o : list) {
        if (o instanceof JsonObject a && a.getString("via") != null && a.getString("value") != null) {
          String value = a.getString("via").equals("email") ? a.getString("value").trim().toLowerCase(
              java.util.Locale.ROOT) : a.getString("value").trim();
          out.put(a.getString("via") + ":" + value, a.getBoolean("verified", false));
        }
      }
    }
    return out;
  }

  private static List<String> changedFields(Identity a, Identity b) {
    List<String> out = new ArrayList<>();
    if (!a.schemaId().equals(b.schemaId())) {
      out.add("schema_id");
    }
    if (!a.traits().equals(b.traits())) {
      out.add("traits");
    }
    if (!a.state().equals(b.state())) {
      out.add("state");
    }
    if (!Objects.equals(a.metadataPublic(), b.metadataPublic())) {
      out.add("metadata_public");
    }
    if (!Objects.equals(a.metadataAdmin(), b.metadataAdmin())) {
      out.add("metadata_admin");
    }
    if (!Objects.equals(a.externalId(), b.externalId())) {
      out.add("external_id");
    }
    Credential pa = a.credential(Credential.PASSWORD), pb = b.credential(Credential.PASSWORD);
    if (pa != null && pb != null && !pa.config().equals(pb.config())) {
      out.add("credentials.password");
    }
    if (!Objects.equals(a.credential(OidcCredentials.TYPE), b.credential(OidcCredentials.TYPE))) {
      out.add("credentials.oidc");
    }
    return out;
  }

  private static <T> Future<T> conflict(Throwable t) {
    if (t instanceof Duplicate) {
      return Future.failedFuture(KratosError.conflict("This identity conflicts with another identity that already "
          + "exists."));
    }
    return Future.failedFuture(t);
  }
}
