package io.portcullis.identity.courier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.portcullis.config.ConfigLoader;
import io.portcullis.config.CourierConfig;
import io.portcullis.identity.TestPostgres;
import io.portcullis.identity.store.Migrations;
import io.portcullis.identitysessions.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The courier on its own against a fresh database of the test PostgreSQL: the configuration is the YAML an operator
 * writes under {@code courier}; {@link #deliver()} starts a delivering {@link CourierVerticle} (call it more than once
 * for several workers on one queue).
 */
final class CourierHarness implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final String dsn = TestPostgres.newDatabase();
  final Pool pool = Database.open(vertx, dsn, 8);
  final MessageStore store = new MessageStore();
  final CourierConfig config;
  final StoredCourier courier;

  CourierHarness(String courierYaml) throws Exception {
    config = config(courierYaml);
    courier = new StoredCourier(CourierTemplates.load(config), store, Clock.systemUTC());
    Migrations.apply(pool).await();
  }

  static CourierConfig config(String courierYaml) throws Exception {
    var tree = new ObjectMapper(new YAMLFactory()).readTree("portcullis:\n  identity:\n    courier:\n"
        + (courierYaml.isBlank() ? "      {}\n" : courierYaml.indent(6)));
    return ConfigLoader.bind(tree).portcullis().identity().courier();
  }

  /** Starts one more delivering worker. */
  String deliver() {
    return vertx.deployVerticle(new CourierVerticle(pool, Database.parse(dsn), store, config)).await();
  }

  /** Queues {@code letter} in a transaction that commits. */
  UUID queue(Letter letter) {
    return pool.withTransaction(tx -> courier.queue(tx, letter)).await();
  }

  /** Queues {@code letter} in a transaction that then fails, so rolls back. */
  void queueAndRollBack(Letter letter) {
    Future<UUID> f = pool.withTransaction(tx -> courier.queue(tx, letter)
        .compose(id -> Future.failedFuture(new IllegalStateException("the flow failed after queueing"))));
    try {
      f.await();
      throw new AssertionError("the transaction should have failed");
    } catch (IllegalStateException expected) {
      // rolled back
    }
  }

  CourierMessage message(UUID id) {
    return store.get(pool, id).await();
  }

  /** Waits (at most {@code timeout}) until message {@code id} has {@code status}; returns it. */
  CourierMessage awaitStatus(UUID id, String status, Duration timeout) {
    await(() -> status.equals(message(id).status()), timeout, () -> "message " + id + " is " + message(id).status()
        + ", not " + status);
    return message(id);
  }

  long count(String where) {
    return pool.query("SELECT count(*) FROM courier_messages WHERE " + where).execute().await().iterator().next()
        .getLong(0);
  }

  long dispatches(UUID id) {
    return pool.preparedQuery("SELECT count(*) FROM courier_message_dispatches WHERE message_id = $1")
        .execute(Tuple.of(id)).await().iterator().next().getLong(0);
  }

  static Letter recovery(String to, String url) {
    return new Letter(to, TemplateType.RECOVERY_VALID, new JsonObject().put("RecoveryURL", url)
        .put("ExpiresInMinutes", 60));
  }

  static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> failure) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + failure.get());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
