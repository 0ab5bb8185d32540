package io.portcullis.session;

import io.portcullis.kafka.client.KafkaClientSettings;
import io.portcullis.kafka.client.KafkaClients;
import io.portcullis.kafka.events.SessionsRevoked;
import io.portcullis.sessioncache.SessionCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole revocation topic on every node (all partitions assigned, no consumer group, nothing committed),
 * starting {@code replayWindow} back so revocations made while the node started are applied, and evicts from the
 * cache. It keeps the cache's trust: the cache is trusted only while the feed has reached the end of the topic within
 * the last {@code maxLag}; a broker that cannot be reached, or a feed that falls behind, makes every check go to the
 * source until it has caught up again.
 */
public final class RevocationFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationFeed.class);
  private final String bootstrapServers;
  private final String topic;
  private final Duration replayWindow;
  private final Duration maxLag;
  private final SessionCache cache;
  private final Clock clock;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Instant caughtUpAt;
  private volatile Instant startedAt;
  private volatile String lastProblem = "the revocation feed has not reached the end of its topic yet";

  public RevocationFeed(String bootstrapServers, String topic, Duration replayWindow, Duration maxLag,
      SessionCache cache, Clock clock) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.replayWindow = replayWindow;
    this.maxLag = maxLag;
    this.cache = cache;
    this.clock = clock;
    this.thread = new Thread(this::run, "portcullis-revocations");
    this.thread.setDaemon(true);
  }

  public void start() {
    startedAt = clock.instant();
    cache.trust(lastProblem);
    thread.start();
  }

  /** Re-evaluates trust; called often (by the session role's timer) so staleness is noticed without traffic. */
  public void checkTrust() {
    Instant at = caughtUpAt;
    if (at != null && Duration.between(at, clock.instant()).compareTo(maxLag) <= 0) {
      cache.trust(null);
    } else {
      cache.trust(at == null ? lastProblem : lastProblem + " (last current " + at + ")");
    }
  }

  /**
   * Seconds since the feed was last at the end of the topic (since it started, before the first time): about 0.2 s
   * while current (the end is checked every 200 ms), above {@code maxLag} while the cache is bypassed.
   */
  public double lagSeconds() {
    Instant at = caughtUpAt != null ? caughtUpAt : startedAt;
    return at == null ? 0 : Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0);
  }

  private void run() {
    while (running) {
      try (KafkaConsumer<String, String> consumer = consumer()) {
        List<TopicPartition> partitions = partitions(consumer);
        consumer.assign(partitions);
        seekToReplayWindow(consumer, partitions);
        long lastEndCheck = 0;
        while (running) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
            apply(r.value());
          }
          long now = System.nanoTime();
          if (now - lastEndCheck > 200_000_000L) {
            lastEndCheck = now;
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, endCheckTimeout(maxLag));
            long behind = 0;
            for (TopicPartition p : partitions) {
              behind += Math.max(0, end.get(p) - consumer.position(p));
            }
            if (behind == 0) {
              caughtUpAt = clock.instant();
            } else {
              lastProblem = "the revocation feed is " + behind + " events behind";
            }
            checkTrust();
          }
        }
      } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
        return;
      } catch (RuntimeException e) {
        lastProblem = "Kafka is not reachable for revocations (" + e.getClass().getSimpleName() + ": "
            + e.getMessage() + ")";
        checkTrust();
        LOG.warn("revocation feed: {}; retrying", lastProblem);
        sleep(500);
      }
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist yet");
    }
    List<TopicPartition> out = new ArrayList<>();
    infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
    return out;
  }

  private void seekToReplayWindow(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
    long since = clock.instant().minus(replayWindow).toEpochMilli();
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, since));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(5));
    List<TopicPartition> toEnd = new ArrayList<>();
    for (TopicPartition p : partitions) {
      OffsetAndTimestamp o = found.get(p);
      if (o == null) {
        toEnd.add(p);
      } else {
        consumer.seek(p, o.offset());
      }
    }
    if (!toEnd.isEmpty()) {
      consumer.seekToEnd(toEnd);
    }
  }

  private void apply(String value) {
    try {
      SessionsRevoked.fromCloudEvent(value).ifPresent(revoked -> Revocations.apply(cache, revoked));
    } catch (RuntimeException e) {
      LOG.warn("revocation feed: skipping a record that is not a revocation event: {}", e.getMessage());
    }
  }

  /**
   * A fetch waits at most {@link #fetchWaitMillis}; a lost broker is retried every second. A revocation does not wait
   * for it: the broker answers a pending fetch as soon as a record arrives.
   */
  private KafkaConsumer<String, String> consumer() {
    return new KafkaConsumer<>(KafkaClients.consumer(KafkaClientSettings.of(bootstrapServers)
        .clientId("portcullis-revocations-" + ProcessHandle.current().pid())
        .with(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(fetchWaitMillis(maxLag)))
        .with(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000")
        .with(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000")), new StringDeserializer(),
        new StringDeserializer());
  }

  /**
   * How long an empty fetch waits at the broker: an eighth of {@code maxLag}, 20 to 250 ms. The broker answers a
   * connection's requests in order, so the end-of-topic check queued behind a fetch waits that long, well within its
   * own timeout ({@link #endCheckTimeout}). It was 20 ms for every {@code maxLag}: 50 empty fetches a second
   * per node, the busiest thread of an idle node and a steady load on the broker (docs/performance.md).
   */
  static long fetchWaitMillis(Duration maxLag) {
    return Math.max(20, Math.min(250, maxLag.toMillis() / 8));
  }

  /** How long the end-of-topic check may take: half of {@code maxLag}, at least 200 ms. */
  static Duration endCheckTimeout(Duration maxLag) {
    return Duration.ofMillis(Math.max(200, maxLag.toMillis() / 2));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
