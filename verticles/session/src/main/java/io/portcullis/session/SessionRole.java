package io.portcullis.session;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.config.Durations;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.config.SessionsConfig;
import io.portcullis.contracts.Addresses;
import io.portcullis.identitysessions.SessionReader;
import io.portcullis.kafka.events.SessionsRevoked;
import io.portcullis.sessioncache.SessionCache;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session role of a node: the {@link SessionVerticle} that answers cache misses, and what keeps the node's
 * {@link SessionCache} honest: revocations from the event bus (fast path) and from the Kafka revocation topic, and
 * the trust that decides whether the cache is used at all.
 */
public final class SessionRole {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRole.class);
  private final Vertx vertx;
  private final SessionReader reader;
  private final RevocationFeed feed;
  private final MessageConsumer<JsonObject> fastPath;
  private final long timer;

  private SessionRole(Vertx vertx, SessionReader reader, RevocationFeed feed, MessageConsumer<JsonObject> fastPath,
      long timer) {
    this.vertx = vertx;
    this.reader = reader;
    this.feed = feed;
    this.fastPath = fastPath;
    this.timer = timer;
  }

  /**
   * @param instances session verticles, each on its own event loop: checks that miss the cache are spread over them
   * @param meters where the revocation feed's lag is shown ({@code <prefix>revocation_feed_lag_seconds})
   */
  public static Future<SessionRole> start(Vertx vertx, PortcullisConfig.Portcullis config, SessionCache cache,
      int instances, MeterRegistry meters, String prefix) {
    SessionsConfig s = config.sessions();
    var identity = config.identity();
    boolean database = s.source().equals("database") || (s.source().equals("auto") && !identity.dsn().isBlank());
    SessionReader reader = database ? SessionReader.open(vertx, identity) : null;
    WhoamiRouting routing = reader == null ? null
        : new WhoamiRouting(s.source().equals("database"), reader.origins());
    MessageConsumer<JsonObject> fastPath = vertx.eventBus().<JsonObject>consumer(Addresses.SESSION_REVOKED,
        m -> Revocations.apply(cache, SessionsRevoked.fromJson(m.body().encode())));
    RevocationFeed feed = null;
    SessionsConfig.Revocations revocations = config.revocations();
    if (!revocations.bootstrapServers().isBlank()) {
      feed = new RevocationFeed(revocations.bootstrapServers(), revocations.topic(),
          Durations.parse("portcullis.sessions.revocations.replay_window", revocations.replayWindow()),
          Durations.parse("portcullis.sessions.revocations.max_lag", revocations.maxLag()), cache,
          Clock.systemUTC());
      feed.start();
      Gauge.builder(prefix + "revocation_feed_lag_seconds", feed, RevocationFeed::lagSeconds)
          .description("Seconds since the revocation feed was last at the end of its topic; above max_lag the session "
              + "cache is bypassed").register(meters);
    } else if (identity.enabled()) {
      // Every revocation is made on this node and reaches the cache over the local event bus.
      cache.trust(null);
    } else {
      cache.trust("no revocation feed: set portcullis.sessions.revocations.bootstrap_servers");
      LOG.info("session cache bypassed: no revocation feed (portcullis.sessions.revocations.bootstrap_servers) "
          + "and no identity role on this node; every session check goes to its source");
    }
    RevocationFeed f = feed;
    long timer = f == null ? -1 : vertx.setPeriodic(100, id -> f.checkTrust());
    SessionRole role = new SessionRole(vertx, reader, f, fastPath, timer);
    // A role that cannot start lets go of what it opened: the feed's thread, the consumer, the reader's pool.
    return vertx.deployVerticle(() -> new SessionVerticle(reader, routing),
            new DeploymentOptions().setInstances(instances))
        .map(id -> role)
        .recover(t -> role.close().transform(x -> Future.failedFuture(t)));
  }

  public Future<Void> close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (feed != null) {
      feed.close();
    }
    Future<Void> unregistered = fastPath.unregister();
    return reader == null ? unregistered : unregistered.compose(x -> reader.close());
  }
}
