package io.portcullis.identity.session;

import io.portcullis.identity.store.IdentityStore;
import io.portcullis.identity.store.Outbox;
import io.portcullis.identity.store.SessionStore;
import io.portcullis.identitysessions.aal.Aal;
import io.portcullis.identitysessions.db.SessionLookup;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.Session;
import io.portcullis.kafka.events.EventTypes;
import io.portcullis.kafka.events.RevocationCause;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues, finds and revokes sessions. Every revocation writes a {@code session.revoked} outbox row in the same
 * transaction, so no revocation can commit without its event.
 */
public final class SessionService {
  /** A new session and its token, shown once to its holder. */
  public record Issued(Session session, String token) {
  }

  private final Pool pool;
  private final SessionStore sessions;
  private final IdentityStore identities;
  private final Outbox outbox;
  private final Clock clock;
  private final Duration lifespan;
  private volatile java.util.function.Consumer<JsonObject> committed = data -> { };

  public SessionService(Pool pool, SessionStore sessions, IdentityStore identities, Outbox outbox, Clock clock,
      Duration lifespan) {
    this.pool = pool;
    this.sessions = sessions;
    this.identities = identities;
    this.outbox = outbox;
    this.clock = clock;
    this.lifespan = lifespan;
  }

  /**
   * Called with the revocation event's data right after a revocation made here committed: the identity role
   * publishes it on the event bus at once, before the outbox relay does (a duplicate eviction is harmless).
   */
  public void onRevocationCommitted(java.util.function.Consumer<JsonObject> listener) {
    this.committed = listener;
  }

  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Creates a session for {@code identity} in {@code tx}, authenticated now by {@code method}. */
  public Future<Issued> issue(SqlClient tx, Identity identity, String method, ClientInfo client) {
    return issue(tx, identity, method, null, client);
  }

  /** As {@link #issue(SqlClient, Identity, String, ClientInfo)}, by a sign-in {@code provider} (null: none). */
  public Future<Issued> issue(SqlClient tx, Identity identity, String method, String provider, ClientInfo client) {
    Instant now = now();
    JsonArray methods = new JsonArray().add(method(method, provider, Aal.AAL1, now));
    JsonArray devices = new JsonArray().add(new JsonObject().put("id", UUID.randomUUID().toString())
        .put("ip_address", client.address()).put("user_agent", client.userAgent() == null ? "" : client.userAgent())
        .put("location", ""));
    Session s = new Session(UUID.randomUUID(), identity.id(), true, "aal1", methods, devices, now, now,
        now.plus(lifespan), now, now, identity);
    String token = SessionTokens.newSessionToken();
    String logout = SessionTokens.logoutTokenFor(token);
    return sessions.insert(tx, s, SessionTokens.hash(token), SessionTokens.hash(logout))
        .map(v -> new Issued(s, token));
  }

  /**
   * Re-authenticates {@code s} by {@code method} in {@code tx} (a login with {@code refresh=true}): as Kratos, the
   * same session and token, authenticated now and valid for a new lifespan.
   */
  public Future<Session> refresh(SqlClient tx, Session s, String method) {
    return refresh(tx, s, method, null, Aal.AAL1);
  }

  /**
   * As {@link #refresh(SqlClient, Session, String)} by a sign-in {@code provider} (null: none) with a method of
   * assurance level {@code methodAal}: a second factor ({@code aal2}) upgrades the session to aal2 as Kratos'
   * {@code CompletedLoginFor} does.
   */
  public Future<Session> refresh(SqlClient tx, Session s, String method, String provider, String methodAal) {
    Instant now = now();
    JsonObject m = method(method, provider, methodAal, now);
    return sessions.refresh(tx, s.id(), m, Aal.of(s.authenticationMethods().copy().add(m)), now.plus(lifespan), now)
        .map(r -> r.orElseThrow(() -> new IllegalStateException("session " + s.id() + " ended while it was "
            + "refreshed")).withIdentity(s.identity()));
  }

  /**
   * Records that the holder of {@code s} just proved {@code method} (by {@code provider}, null: none) at
   * {@code methodAal} without authenticating the session anew, as Kratos' {@code SessionAddAuthenticationMethods}:
   * setting up TOTP or confirming recovery codes in settings, linking a sign-in provider.
   */
  public Future<Optional<Session>> addMethod(SqlClient tx, Session s, String method, String provider,
      String methodAal) {
    Instant now = now();
    JsonObject m = method(method, provider, methodAal, now);
    return sessions.addMethod(tx, s.id(), m, Aal.of(s.authenticationMethods().copy().add(m)), now);
  }

  /** Kratos' {@code AuthenticationMethod}: method, aal, completed_at and, for sign-in providers, provider. */
  private static JsonObject method(String method, String provider, String aal, Instant now) {
    JsonObject m = new JsonObject().put("method", method).put("aal", aal).put("completed_at", now.toString());
    return provider == null ? m : m.put("provider", provider);
  }

  /** The valid session (active, unexpired, identity active) holding {@code token}, with its identity. */
  public Future<Optional<Session>> authenticate(String token) {
    return SessionLookup.valid(pool, token, now());
  }

  public Future<Optional<Session>> withIdentity(Optional<Session> s) {
    if (s.isEmpty()) {
      return Future.succeededFuture(s);
    }
    return identities.get(pool, s.get().identityId()).map(i -> i.map(s.get()::withIdentity));
  }

  /** Revokes one session; empty if it was not active. */
  public Future<Optional<Session>> revoke(UUID sessionId, RevocationCause cause, ClientInfo by) {
    Instant now = now();
    return pool.withTransaction(tx -> sessions.revoke(tx, sessionId, now).compose(revoked -> revoked.isEmpty()
        ? Future.succeededFuture(revoked)
        : recordRevocation(tx, revoked.get().identityId(), List.of(sessionId), cause, by, now).map(revoked)));
  }

  /** Revokes every active session of an identity except {@code keep}, in {@code tx}; returns how many. */
  public Future<Integer> revokeAll(SqlConnection tx, UUID identityId, UUID keep, RevocationCause cause,
      ClientInfo by) {
    Instant now = now();
    return sessions.revokeAllOf(tx, identityId, keep, now).compose(ids -> ids.isEmpty()
        ? Future.succeededFuture(0)
        : recordRevocation(tx, identityId, ids, cause, by, now).map(ids.size()));
  }

  public Future<Integer> revokeAll(UUID identityId, UUID keep, RevocationCause cause, ClientInfo by) {
    return pool.withTransaction(tx -> revokeAll(tx, identityId, keep, cause, by));
  }

  /** Ends a session at its holder's request: revoked with cause {@code logout}, plus a logout event. */
  public Future<Optional<Session>> logout(Session s, ClientInfo by) {
    Instant now = now();
    return pool.withTransaction(tx -> sessions.revoke(tx, s.id(), now).compose(revoked -> revoked.isEmpty()
        ? Future.succeededFuture(revoked)
        : recordRevocation(tx, s.identityId(), List.of(s.id()), RevocationCause.LOGOUT, by, now)
            .compose(x -> outbox.append(tx, EventTypes.LOGOUT, s.identityId().toString(),
                IdentityEvents.logout(s.identityId(), s.id(), by), now))
            .map(revoked)));
  }

  /**
   * Every revocation goes through here: its outbox row in {@code tx}, and once {@code tx} commits, the fast path
   * ({@link #onRevocationCommitted}), whichever operation revoked.
   */
  private Future<Void> recordRevocation(SqlConnection tx, UUID identityId, List<UUID> ids, RevocationCause cause,
      ClientInfo by, Instant now) {
    JsonObject data = IdentityEvents.sessionsRevoked(identityId, ids, cause, by);
    Transaction transaction = tx.transaction();
    if (transaction != null) {
      transaction.completion().onSuccess(v -> committed.accept(data));
    }
    return outbox.append(tx, EventTypes.SESSION_REVOKED, identityId.toString(), data, now).mapEmpty();
  }

  /**
   * The logout token of the session holding {@code sessionToken}, stored (as its hash) again so that sessions issued
   * before logout tokens were derived get it too.
   */
  public Future<String> logoutToken(UUID sessionId, String sessionToken) {
    String token = SessionTokens.logoutTokenFor(sessionToken);
    return pool.preparedQuery("UPDATE sessions SET logout_token_hash = $2 WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(sessionId, io.vertx.core.buffer.Buffer.buffer(SessionTokens.hash(token))))
        .map(token);
  }

  /**
   * {@code PATCH /admin/sessions/{id}/extend}: a valid session that expires within {@code window} (Kratos'
   * {@code session.earliest_possible_extend}, by default the lifespan, so any time) now expires a lifespan from now;
   * one that expires later is left as it is (as Kratos, to spare writes). Empty when the session is unknown or not
   * valid (revoked, expired, its identity inactive): unlike Kratos, which would move the expiry of an expired or
   * revoked session too, an ended session is never brought back.
   */
  public Future<Optional<Session>> extend(UUID sessionId, Duration window) {
    Instant now = now();
    return sessions.extend(pool, sessionId, now.plus(lifespan), now.plus(window), now)
        .compose(extended -> extended.isPresent() ? Future.succeededFuture(extended)
            : sessions.get(pool, sessionId).map(s -> s.filter(x -> x.active() && x.expiresAt().isAfter(now))))
        .compose(this::withIdentity)
        .map(s -> s.filter(x -> x.identity() != null && x.identity().active()));
  }

  public SessionStore store() {
    return sessions;
  }

  public Pool pool() {
    return pool;
  }
}
