package io.portcullis.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.config.Durations;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.config.Sizes;
import io.portcullis.contracts.Addresses;
import io.portcullis.kafka.client.KafkaClientSettings;
import io.portcullis.kafka.client.KafkaClients;
import io.portcullis.kafka.events.AccessEvent;
import io.portcullis.kafka.events.AccessEventBatch;
import io.portcullis.kafka.spool.DiskSpool;
import io.portcullis.node.NodeServices;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit role: ships this node's events to Kafka as CloudEvents, losing none.
 *
 * <p>Events arrive over the local event bus (producers never wait). Each is written to the on-disk spool first, then
 * shipped from it in order, in batches, with an idempotent producer and {@code acks=all}, keyed by subject; only
 * events Kafka confirmed are removed from the spool. So an event survives Kafka being down or slow and the node
 * being restarted: a node that starts with a non-empty spool ships it first. Delivery is at least once: consumers
 * de-duplicate by the CloudEvent {@code id}.
 *
 * <p>Shipping reads the spool back from disk only when it has to (after a restart, or when more events wait than
 * are kept in memory): events appended by this process are shipped from an in-memory copy, and the spool serves as
 * the write-ahead log that makes them survive a crash or an outage.
 *
 * <p>After a failed batch, shipping retries with a single event until Kafka answers again, so a broker that is down
 * costs one blocked send per retry, not one per spooled event. Deployed as a worker verticle: spool writes may block,
 * the event loops never do.
 */
public final class AuditVerticle extends AbstractVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(AuditVerticle.class);
  private static final int SHIP_BATCH = 500;
  /** Events kept in memory for shipping; beyond, the in-memory copy is dropped and the spool is read back. */
  private static final int MAX_IN_MEMORY = 50_000;

  private final NodeServices services;
  private final PortcullisConfig.Audit config;
  private String source;
  private DiskSpool spool;
  private long spoolLimit;
  private KafkaProducer<String, byte[]> producer;
  private MessageConsumer<AccessEventBatch> consumer;
  private final EventClock clock = new EventClock();
  private boolean shipping;
  /** Appended records not yet confirmed by Kafka, in sequence order, when this process appended them. */
  private final ArrayDeque<Pending> inMemory = new ArrayDeque<>();
  /** The first sequence Kafka has not confirmed. */
  private long nextUnacknowledged;
  /** Kafka took the last batch; read by the metrics scrape. */
  private volatile boolean healthy = true;
  private long retryAt;
  private Counter sent;
  private Counter spooled;
  private Counter dropped;
  private Counter sendFailures;

  public AuditVerticle(NodeServices services) {
    this.services = services;
    this.config = services.config().portcullis().audit();
  }

  @Override
  public void start() throws Exception {
    source = config.eventSource();
    PortcullisConfig.Spool s = config.spool();
    spoolLimit = Sizes.parse("portcullis.audit.spool.max_bytes", s.maxBytes());
    spool = DiskSpool.open(new DiskSpool.Options(services.loaded().resolve(s.directory()), spoolLimit,
        Sizes.parse("portcullis.audit.spool.segment_bytes", s.segmentBytes()),
        DiskSpool.FsyncPolicy.valueOf(s.fsync().toUpperCase(Locale.ROOT)),
        Durations.parse("portcullis.audit.spool.fsync_interval", s.fsyncInterval())));
    if (!spool.isEmpty()) {
      LOG.info("audit spool holds {} events from before; shipping them first", spool.size());
      nextUnacknowledged = spool.peek(1).get(0).sequence();
    } else {
      nextUnacknowledged = spool.nextSequence();
    }
    MeterRegistry meters = services.metrics();
    String prefix = services.config().serve().prometheus().metricNamePrefix();
    sent = Counter.builder(prefix + "audit_events").tag("outcome", "sent").register(meters);
    spooled = Counter.builder(prefix + "audit_events").tag("outcome", "spooled").register(meters);
    dropped = Counter.builder(prefix + "audit_events").tag("outcome", "dropped").register(meters);
    Gauge.builder(prefix + "audit_spool_events", spool, DiskSpool::size).register(meters);
    Gauge.builder(prefix + "audit_spool_bytes", spool, DiskSpool::bytes)
        .description("Bytes of audit events not yet confirmed by Kafka; at audit.spool.max_bytes events are lost or "
            + "requests denied (when_full)").register(meters);
    Gauge.builder(prefix + "audit_spool_max_bytes", () -> spoolLimit).description("audit.spool.max_bytes")
        .register(meters);
    Gauge.builder(prefix + "audit_kafka_reachable", this, a -> a.healthy ? 1 : 0)
        .description("1 while Kafka takes audit events; 0 after a failed send, until one succeeds").register(meters);
    sendFailures = Counter.builder(prefix + "audit_kafka_send_failures")
        .description("Batches of audit events Kafka did not take (they stay in the spool and are sent again)")
        .register(meters);
    producer = KafkaProducer.create(vertx, producerConfig(), new StringSerializer(), new ByteArraySerializer());
    producer.exceptionHandler(err -> LOG.debug("kafka producer: {}", err.toString()));
    // Events must never be dropped by the event bus for want of buffer while this worker is busy.
    consumer = vertx.eventBus().<AccessEventBatch>consumer(new MessageConsumerOptions()
        .setAddress(Addresses.AUDIT_EVENTS).setLocalOnly(true).setMaxBufferedMessages(100_000),
        msg -> accept(msg.body()));
    // Shipping every 50 ms keeps batches large (fewer checkpoint writes, fuller Kafka batches) and latency low.
    vertx.setPeriodic(50, id -> ship());
  }

  /**
   * Large compressed batches (shipping is one batch every 50 ms); a send fails within seconds while Kafka is down,
   * and the events wait in the spool.
   */
  private Properties producerConfig() {
    return KafkaClients.producer(KafkaClientSettings.of(config.bootstrapServers()).clientId("portcullis-audit")
        .with(ProducerConfig.LINGER_MS_CONFIG, "20")
        .with(ProducerConfig.BATCH_SIZE_CONFIG, "262144")
        .with(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression())
        .with(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000")
        .with(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000")
        .with(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000"));
  }

  private void accept(AccessEventBatch batch) {
    List<SpooledRecord> records = new ArrayList<>(batch.events().size());
    List<byte[]> encoded = new ArrayList<>(batch.events().size());
    String time = clock.now();
    for (AccessEvent event : batch.events()) {
      SpooledRecord record = new SpooledRecord(event.subject(), event.toJson(EventIds.next(), source, time));
      records.add(record);
      encoded.add(record.encode());
    }
    int appended = 0;
    try {
      long sequence = spool.nextSequence();
      appended = spool.appendAll(encoded);
      if (inMemory.size() + appended > MAX_IN_MEMORY) {
        inMemory.clear();
      }
      for (int i = 0; i < appended; i++) {
        inMemory.addLast(new Pending(sequence + i, records.get(i)));
      }
      spooled.increment(appended);
    } catch (IOException e) {
      LOG.error("audit spool cannot be written", e);
    }
    if (appended < records.size()) {
      dropped.increment(records.size() - appended);
      LOG.error("audit spool is full ({} bytes) or failing: {} events were lost", spoolLimit,
          records.size() - appended);
    }
    updateRefusing();
    if (!shipping && spool.size() >= SHIP_BATCH) {
      // A full batch is waiting: no need to wait for the timer.
      vertx.runOnContext(v -> ship());
    }
  }

  /**
   * With {@code when_full: deny_requests}, requests are refused from 90% of the spool on, so the events of requests
   * already decided still fit; they are served again below 80%.
   */
  private void updateRefusing() {
    if (!config.spool().whenFull().equals("deny_requests")) {
      return;
    }
    long used = spool.bytes();
    boolean refusing = services.audit().refusing();
    if (!refusing && used > spoolLimit * 9 / 10) {
      LOG.error("audit spool is 90% full: refusing requests until Kafka takes events again");
      services.audit().setRefusing(true);
    } else if (refusing && used < spoolLimit * 8 / 10) {
      LOG.info("audit spool has room again: serving requests");
      services.audit().setRefusing(false);
    }
  }

  /** Sends the oldest spooled events, in order; acknowledges them once Kafka confirmed them all. */
  private void ship() {
    if (shipping || System.currentTimeMillis() < retryAt) {
      return;
    }
    List<Pending> batch;
    try {
      batch = nextBatch(healthy ? SHIP_BATCH : 1);
    } catch (IOException e) {
      LOG.error("audit spool cannot be read", e);
      retryAt = System.currentTimeMillis() + 1_000;
      return;
    }
    if (batch.isEmpty()) {
      return;
    }
    shipping = true;
    long last = batch.get(batch.size() - 1).sequence();
    sendAll(batch).onComplete(ar -> {
      shipping = false;
      if (ar.failed()) {
        if (healthy) {
          LOG.warn("Kafka does not take audit events ({}); they wait in the spool", ar.cause().toString());
        }
        healthy = false;
        sendFailures.increment();
        retryAt = System.currentTimeMillis() + 1_000;
        return;
      }
      if (!healthy) {
        LOG.info("Kafka takes audit events again; shipping {} spooled events", spool.size());
      }
      healthy = true;
      try {
        spool.acknowledge(last);
      } catch (IOException e) {
        LOG.error("audit spool position cannot be saved; events may be sent twice", e);
      }
      nextUnacknowledged = last + 1;
      while (!inMemory.isEmpty() && inMemory.peekFirst().sequence() <= last) {
        inMemory.removeFirst();
      }
      sent.increment(batch.size());
      updateRefusing();
      ship();
    });
  }

  /** The oldest unconfirmed events: from memory when it holds them, else read back from the spool. */
  private List<Pending> nextBatch(int max) throws IOException {
    List<Pending> batch = new ArrayList<>(Math.min(max, SHIP_BATCH));
    if (!inMemory.isEmpty() && inMemory.peekFirst().sequence() == nextUnacknowledged) {
      for (Pending p : inMemory) {
        if (batch.size() == max) {
          break;
        }
        batch.add(p);
      }
      return batch;
    }
    for (DiskSpool.Record r : spool.peek(max)) {
      batch.add(new Pending(r.sequence(), SpooledRecord.decode(r.payload())));
    }
    return batch;
  }

  /** A spooled record and its sequence in the spool. */
  private record Pending(long sequence, SpooledRecord record) {
  }

  /**
   * Sends a batch with the native producer (no per-record thread hops) and completes, on this verticle's context,
   * once Kafka confirmed every record or one failed.
   */
  private Future<Void> sendAll(List<Pending> batch) {
    Promise<Void> done = Promise.promise();
    var context = vertx.getOrCreateContext();
    AtomicInteger remaining = new AtomicInteger(batch.size());
    AtomicBoolean failed = new AtomicBoolean();
    Producer<String, byte[]> raw = producer.asStream().unwrap();
    for (Pending p : batch) {
      SpooledRecord record = p.record();
      try {
        raw.send(new ProducerRecord<>(config.topic(), record.key(), record.value()), (metadata, error) -> {
          if (error != null) {
            if (failed.compareAndSet(false, true)) {
              context.runOnContext(v -> done.fail(error));
            }
          } else if (remaining.decrementAndGet() == 0 && !failed.get()) {
            context.runOnContext(v -> done.complete());
          }
        });
      } catch (RuntimeException e) {
        // Metadata not available within max.block.ms: Kafka is unreachable.
        if (failed.compareAndSet(false, true)) {
          done.fail(e);
        }
        break;
      }
    }
    return done.future();
  }

  @Override
  public void stop() throws Exception {
    if (consumer != null) {
      consumer.unregister();
    }
    if (producer != null) {
      producer.close(2_000);
    }
    if (spool != null) {
      spool.close();
    }
  }
}
