package io.portcullis.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.identity.TestPostgres;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowStore;
import io.portcullis.identitysessions.db.Database;
import io.portcullis.identitysessions.db.SessionLookup;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.RecoveryAddress;
import io.portcullis.identitysessions.model.Session;
import io.portcullis.identitysessions.model.VerifiableAddress;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StoresTest {
  static Vertx vertx;
  static Pool pool;
  final IdentityStore identities = new IdentityStore();
  final SessionStore sessions = new SessionStore();
  final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    pool = Database.open(vertx, TestPostgres.newDatabase(), 4);
    assertThat(Migrations.apply(pool).await()).isEqualTo(Migrations.FILES.size());
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
  }

  Identity identity(String email) {
    UUID id = UUID.randomUUID();
    Credential password = new Credential(UUID.randomUUID(), "password", List.of(email),
        new JsonObject().put("hashed_password", "$2a$04$x"), 0, now, now);
    return new Identity(id, "default", new JsonObject().put("email", email), Identity.ACTIVE, now,
        new JsonObject().put("plan", "pro"), null, null, now, now, Map.of("password", password),
        List.of(new VerifiableAddress(UUID.randomUUID(), "email", email, false, null, "pending", now, now)),
        List.of(new RecoveryAddress(UUID.randomUUID(), "email", email, now, now)));
  }

  @Test
  void migrationsRunOnce() {
    assertThat(Migrations.apply(pool).await()).isZero();
  }

  @Test
  void identityRoundTripsWithCredentialsAndAddresses() {
    Identity i = identity("ada@example.com");
    pool.withTransaction(tx -> identities.insert(tx, i)).await();
    Identity read = identities.get(pool, i.id()).await().orElseThrow();
    assertThat(read.traits()).isEqualTo(i.traits());
    assertThat(read.metadataPublic()).isEqualTo(new JsonObject().put("plan", "pro"));
    assertThat(read.metadataAdmin()).isNull();
    assertThat(read.createdAt()).isEqualTo(now);
    assertThat(read.credential("password").identifiers()).containsExactly("ada@example.com");
    assertThat(read.credential("password").config().getString("hashed_password")).isEqualTo("$2a$04$x");
    assertThat(read.verifiableAddresses()).singleElement().satisfies(a -> {
      assertThat(a.value()).isEqualTo("ada@example.com");
      assertThat(a.createdAt()).isEqualTo(now);
    });
    assertThat(identities.findByIdentifier(pool, "password", "ada@example.com").await()).isPresent();
  }

  @Test
  void identitiesAreFoundByExternalId() {
    Identity base = identity("ext@example.com");
    Identity i = new Identity(base.id(), base.schemaId(), base.traits(), base.state(), base.stateChangedAt(),
        base.metadataPublic(), base.metadataAdmin(), "ext-42", base.createdAt(), base.updatedAt(), base.credentials(),
        base.verifiableAddresses(), base.recoveryAddresses());
    pool.withTransaction(tx -> identities.insert(tx, i)).await();
    assertThat(identities.findByExternalId(pool, "ext-42").await()).hasValueSatisfying(read -> {
      assertThat(read.id()).isEqualTo(i.id());
      assertThat(read.credential("password").identifiers()).containsExactly("ext@example.com");
    });
    assertThat(identities.findByExternalId(pool, "ext-43").await()).isEmpty();
  }

  @Test
  void aTakenIdentifierIsADuplicate() {
    pool.withTransaction(tx -> identities.insert(tx, identity("bob@example.com"))).await();
    assertThatThrownBy(() -> pool.withTransaction(tx -> identities.insert(tx, identity("bob@example.com"))).await())
        .isInstanceOfSatisfying(Duplicate.class, d -> assertThat(d.identifier()).isTrue());
  }

  @Test
  void listingPagesByIdAndFilters() {
    for (int n = 0; n < 5; n++) {
      Identity i = identity("page" + n + "@example.com");
      pool.withTransaction(tx -> identities.insert(tx, i)).await();
    }
    IdentityStore.Page first = identities.list(pool, 2, null, null, null).await();
    assertThat(first.identities()).hasSize(2);
    IdentityStore.Page second = identities.list(pool, 2, first.next(), null, null).await();
    // PostgreSQL orders UUIDs by their bytes, as their text sorts (Java's compareTo is signed).
    assertThat(second.identities().get(0).id().toString()).isGreaterThan(first.identities().get(1).id().toString());
    assertThat(identities.list(pool, 10, null, "page3@example.com", null).await().identities())
        .singleElement().satisfies(i -> assertThat(i.traits().getString("email")).isEqualTo("page3@example.com"));
  }

  @Test
  void sessionsRevokeAndListPerIdentity() {
    Identity i = identity("carol@example.com");
    pool.withTransaction(tx -> identities.insert(tx, i)).await();
    Session s1 = session(i, new byte[] {1}), s2 = session(i, new byte[] {2});
    assertThat(SessionLookup.findValid(pool, new byte[] {1}, now).await()).hasValueSatisfying(s -> {
      assertThat(s.id()).isEqualTo(s1.id());
      assertThat(s.identity().traits().getString("email")).isEqualTo("carol@example.com");
    });
    assertThat(sessions.revoke(pool, s1.id(), now).await()).isPresent();
    assertThat(SessionLookup.findValid(pool, new byte[] {1}, now).await()).as("revoked").isEmpty();
    assertThat(sessions.revoke(pool, s1.id(), now).await()).isEmpty();
    assertThat(sessions.list(pool, i.id(), true, 10, null, now).await().sessions()).extracting(Session::id)
        .containsExactly(s2.id());
    assertThat(sessions.revokeAllOf(pool, i.id(), null, now).await()).containsExactly(s2.id());
    assertThat(identities.delete(pool, i.id()).await()).isTrue();
    assertThat(sessions.get(pool, s2.id()).await()).isEmpty();
  }

  @Test
  void theJanitorRemovesExpiredFlowsPublishedOutboxRowsAndEndedSessions() {
    Identity i = identity("dora@example.com");
    pool.withTransaction(tx -> identities.insert(tx, i)).await();
    Instant old = now.minus(java.time.Duration.ofDays(40));
    Flow f = new Flow(UUID.randomUUID(), "login", "api",
        "choose_method", "http://x", null, "", null, null, new JsonObject(), new JsonObject(), old, old, old, old);
    FlowStore flows = new FlowStore();
    flows.insert(pool, f).await();
    new Outbox().append(pool, "t", "s", new JsonObject(), old).await();
    pool.query("UPDATE outbox SET published_at = now() - interval '2 days'").execute().await();
    Session ended = session(i, new byte[] {7});
    pool.query("UPDATE sessions SET active = false, updated_at = now() - interval '40 days' WHERE id = '" + ended.id()
        + "'").execute().await();
    Session live = session(i, new byte[] {8});
    new Janitor(vertx, pool, java.time.Duration.ofDays(30)).sweep().await();
    assertThat(flows.get(pool, f.id(), "login").await()).isEmpty();
    assertThat(pool.query("SELECT count(*) FROM outbox").execute().await().iterator().next().getLong(0)).isZero();
    assertThat(sessions.get(pool, ended.id()).await()).isEmpty();
    assertThat(sessions.get(pool, live.id()).await()).isPresent();
  }

  private Session session(Identity i, byte[] hash) {
    Session s = new Session(UUID.randomUUID(), i.id(), true, "aal1", new JsonArray(), new JsonArray(), now, now,
        now.plusSeconds(3600), now, now, null);
    sessions.insert(pool, s, hash, new byte[] {hash[0], 9}).await();
    return s;
  }
}
