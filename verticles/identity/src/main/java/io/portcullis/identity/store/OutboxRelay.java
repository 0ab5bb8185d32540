package io.portcullis.identity.store;

import io.portcullis.contracts.Addresses;
import io.portcullis.kafka.client.KafkaClientSettings;
import io.portcullis.kafka.client.KafkaClients;
import io.portcullis.kafka.events.EventTypes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox: each event row, in order, as a CloudEvent. Revocations go first on the event bus (the fast
 * path every node of a cluster hears at once), then to the Kafka revocation topic; every event also goes to the
 * audit topic when one is configured. A row is marked published only once Kafka acknowledged it, so nothing is lost
 * while Kafka is down: the rows wait and go out when it is back. Rows are claimed with {@code SKIP LOCKED}, so several
 * identity nodes can relay side by side. Woken by a PostgreSQL NOTIFY at each commit, and by a timer as a backstop.
 */
public final class OutboxRelay {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int BATCH = 256;
  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions connect;
  private final String revocationTopic;
  private final String auditTopic;
  private final String source;
  private final KafkaProducer<String, String> producer;
  private PgSubscriber subscriber;
  private io.vertx.core.Context context;
  private long timer;
  private boolean running;
  private boolean again;
  private long backoffUntil;

  /**
   * @param bootstrapServers Kafka; empty: revocations only on the event bus, and rows are marked once published there
   * @param auditTopic the audit topic for every identity event, or null
   * @param source the CloudEvents source of the node's events ({@code portcullis.audit.source})
   */
  public OutboxRelay(Vertx vertx, Pool pool, PgConnectOptions connect, String bootstrapServers,
      String revocationTopic, String auditTopic, String source) {
    this.vertx = vertx;
    this.pool = pool;
    this.connect = connect;
    this.revocationTopic = revocationTopic;
    this.auditTopic = auditTopic;
    this.source = source;
    this.producer = bootstrapServers.isEmpty() ? null : producer(vertx, bootstrapServers);
    if (producer != null) {
      ensureTopics(bootstrapServers);
    }
  }

  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    subscriber = PgSubscriber.subscriber(vertx, connect).reconnectPolicy(retries -> 500L);
    subscriber.channel("portcullis_outbox").handler(payload -> wake());
    timer = vertx.setPeriodic(1_000, id -> wake());
    return subscriber.connect().onComplete(x -> wake()).recover(t -> {
      LOG.warn("outbox relay: cannot LISTEN for outbox changes ({}); relaying every second instead", t.getMessage());
      return Future.succeededFuture();
    });
  }

  /** Relays what is pending; a call while a round runs schedules one more round. */
  void wake() {
    if (Vertx.currentContext() != context) {
      // Every round starts on the relay's own context, so its flags need no locking.
      context.runOnContext(x -> wake());
      return;
    }
    if (running) {
      again = true;
      return;
    }
    if (System.nanoTime() < backoffUntil) {
      return;
    }
    running = true;
    again = false;
    pool.withTransaction(this::round).onComplete(r -> {
      running = false;
      if (r.failed()) {
        backoffUntil = System.nanoTime() + 500_000_000L;
        LOG.warn("outbox relay: {}; the events stay in the outbox and are retried", r.cause().getMessage());
      } else if (again || r.result() == BATCH) {
        vertx.runOnContext(x -> wake());
      }
    });
  }

  private Future<Integer> round(SqlConnection tx) {
    return tx.preparedQuery("SELECT seq, id, type, subject, payload, created_at FROM outbox WHERE published_at IS NULL "
            + "ORDER BY seq LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED").execute()
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(0);
          }
          List<Long> done = new ArrayList<>();
          List<Future<?>> sent = new ArrayList<>();
          for (Row r : rows) {
            JsonObject event = cloudEvent(r);
            if (EventTypes.SESSION_REVOKED.equals(r.getString("type"))) {
              vertx.eventBus().publish(Addresses.SESSION_REVOKED, event.getJsonObject("data"));
              sent.add(send(revocationTopic, r.getString("subject"), event));
            }
            if (auditTopic != null) {
              sent.add(send(auditTopic, r.getString("subject"), event));
            }
            done.add(r.getLong("seq"));
          }
          return Future.all(sent).compose(x -> tx.preparedQuery("UPDATE outbox SET published_at = now() "
              + "WHERE seq = ANY($1)").execute(Tuple.of(done.toArray(Long[]::new)))).map(rows.size());
        });
  }

  private Future<?> send(String topic, String key, JsonObject event) {
    if (producer == null) {
      return Future.succeededFuture();
    }
    return producer.send(KafkaProducerRecord.create(topic, key, event.encode()));
  }

  private JsonObject cloudEvent(Row r) {
    Instant created = r.getOffsetDateTime("created_at").toInstant();
    return new JsonObject().put("specversion", "1.0").put("id", r.getUUID("id").toString()).put("source", source)
        .put("type", r.getString("type")).put("time", created.atOffset(ZoneOffset.UTC).toString())
        .put("subject", r.getString("subject")).put("datacontenttype", "application/json")
        .put("data", r.getJsonObject("payload"));
  }

  /**
   * Fails fast while Kafka is down (a round waits at most a few seconds): the rows stay in the outbox and a later
   * round sends them again.
   */
  private static KafkaProducer<String, String> producer(Vertx vertx, String bootstrap) {
    return KafkaProducer.create(vertx, KafkaClients.producer(KafkaClientSettings.of(bootstrap)
        .with(ProducerConfig.LINGER_MS_CONFIG, "0")
        .with(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000")
        .with(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000")
        .with(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "4000")
        .with(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000")), new StringSerializer(), new StringSerializer());
  }

  private void ensureTopics(String bootstrap) {
    // Off the event loop: the admin client blocks while it waits for the broker.
    vertx.executeBlocking(() -> {
      try (Admin admin = Admin.create(KafkaClients.admin(KafkaClientSettings.of(bootstrap)
          .with(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000)
          .with(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000)))) {
        var existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        if (!existing.contains(revocationTopic)) {
          missing.add(new NewTopic(revocationTopic, java.util.Optional.of(1), java.util.Optional.empty()));
        }
        if (!missing.isEmpty()) {
          admin.createTopics(missing).all().get();
        }
      }
      return null;
    }, false).onFailure(t -> LOG.warn("outbox relay: cannot check the topic {} ({}); it must exist or be created by "
        + "the broker", revocationTopic, t.getMessage()));
  }

  public Future<Void> close() {
    vertx.cancelTimer(timer);
    Promise<Void> p = Promise.promise();
    if (subscriber != null) {
      subscriber.close();
    }
    if (producer != null) {
      producer.close().onComplete(x -> p.complete());
    } else {
      p.complete();
    }
    return p.future();
  }

}
