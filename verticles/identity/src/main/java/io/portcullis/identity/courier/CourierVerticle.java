package io.portcullis.identity.courier;

import io.portcullis.config.CourierConfig;
import io.portcullis.config.Durations;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the courier's queue. Woken by PostgreSQL's NOTIFY when a transaction that queued mail commits, and every
 * {@code courier.worker.pull_wait} as a backstop; each round claims up to {@code pull_count} due messages for a lease
 * ({@code FOR UPDATE SKIP LOCKED}: several nodes never hold, so never send, one message), sends them one by one and
 * records each attempt. A message the server refuses for now (4xx) waits {@code pull_wait} doubled per refusal and is
 * {@code abandoned} after {@code message_retries} retries; one it refuses for good (5xx) is abandoned at once, as
 * Kratos does. When no server takes the message (down, unreachable, TLS failure) nothing is counted against the
 * messages: they stay queued and the worker waits, doubling up to {@value #MAX_OUTAGE_WAIT_SECONDS}s, until the server
 * is back. A message whose worker died is claimed again when its lease runs out.
 */
public final class CourierVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CourierVerticle.class);
  /** Far longer than one SMTP attempt can take (connect 10 s, TLS 10 s, idle 30 s per step). */
  static final Duration LEASE = Duration.ofMinutes(5);
  static final long MAX_OUTAGE_WAIT_SECONDS = 30;
  private static final Duration MAX_RETRY_WAIT = Duration.ofHours(1);

  private final Pool pool;
  private final PgConnectOptions connect;
  private final MessageStore store;
  private final CourierConfig config;
  private final Duration pullWait;
  private final UUID owner = UUID.randomUUID();
  private SmtpMailer mailer;
  private PgSubscriber subscriber;
  private long timer;
  private boolean running;
  private boolean again;
  private boolean stopping;
  private Future<?> round = Future.succeededFuture();
  private Duration outageWait;
  private long waitUntil;

  /** @param connect where to LISTEN (the identity database) */
  public CourierVerticle(Pool pool, PgConnectOptions connect, MessageStore store, CourierConfig config) {
    this.pool = pool;
    this.connect = connect;
    this.store = store;
    this.config = config;
    this.pullWait = Durations.parse("portcullis.identity.courier.worker.pull_wait", config.worker().pullWait());
    this.outageWait = pullWait;
  }

  @Override
  public Future<?> start() {
    mailer = new SmtpMailer(vertx, config.smtp());
    subscriber = PgSubscriber.subscriber(vertx, connect).reconnectPolicy(retries -> 500L);
    subscriber.channel("portcullis_courier").handler(payload -> wake());
    timer = vertx.setPeriodic(Math.max(1, pullWait.toMillis()), id -> wake());
    return subscriber.connect().onComplete(x -> wake()).recover(t -> {
      LOG.warn("courier: cannot LISTEN for queued mail ({}); looking every {} instead", t.getMessage(), pullWait);
      return Future.succeededFuture();
    });
  }

  /** Runs a round unless one runs (then one more follows it) or the worker waits out an outage. */
  private void wake() {
    if (io.vertx.core.Vertx.currentContext() != context) {
      // every round starts on this verticle's context, so its flags need no locking
      context.runOnContext(x -> wake());
      return;
    }
    if (stopping) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    if (System.nanoTime() < waitUntil) {
      return;
    }
    running = true;
    again = false;
    round = store.claim(pool, owner, config.worker().pullCount(), LEASE)
        .compose(batch -> deliver(batch, 0))
        .onComplete(r -> {
          running = false;
          if (r.failed()) {
            LOG.warn("courier: {}; the messages stay queued and are retried", r.cause().getMessage());
          } else if (!stopping && (again || r.result())) {
            vertx.runOnContext(x -> wake());
          }
        });
  }

  /** Sends {@code batch} from {@code i} on; completes with whether a full batch went (more may be due). */
  private Future<Boolean> deliver(List<CourierMessage> batch, int i) {
    if (i == batch.size()) {
      return Future.succeededFuture(batch.size() == config.worker().pullCount());
    }
    if (stopping) {
      return release(batch, i).map(false);
    }
    CourierMessage m = batch.get(i);
    return mailer.send(m).compose(outcome -> settle(m, outcome).compose(x -> {
      if (outcome.result() == SmtpMailer.Result.UNREACHABLE) {
        waitForServer(outcome.detail());
        return release(batch, i + 1).map(false);
      }
      if (outcome.result() == SmtpMailer.Result.SENT) {
        outageWait = pullWait;
      }
      return deliver(batch, i + 1);
    }));
  }

  private Future<Void> settle(CourierMessage m, SmtpMailer.Outcome outcome) {
    return switch (outcome.result()) {
      case SENT -> store.sent(pool, m, owner);
      case REFUSED -> {
        LOG.warn("courier: message {} to {} abandoned: the SMTP server refused it ({})", m.id(), m.recipient(),
            outcome.detail());
        yield store.failed(pool, m, owner, outcome.error(), true, true, Duration.ZERO);
      }
      case REJECTED -> {
        boolean abandon = m.rejections() + 1 > config.messageRetries();
        Duration retryIn = retryWait(m.rejections());
        if (abandon) {
          LOG.warn("courier: message {} to {} abandoned after {} refused attempts ({})", m.id(), m.recipient(),
              m.rejections() + 1, outcome.detail());
        } else {
          LOG.info("courier: the SMTP server refused message {} for now ({}); retrying in {}", m.id(),
              outcome.detail(), retryIn);
        }
        yield store.failed(pool, m, owner, outcome.error(), true, abandon, retryIn);
      }
      case UNREACHABLE -> store.failed(pool, m, owner, outcome.error(), false, false, Duration.ZERO);
    };
  }

  /** {@code pull_wait} doubled per earlier refusal, at most an hour. */
  private Duration retryWait(int earlierRejections) {
    Duration wait = pullWait;
    for (int i = 0; i < earlierRejections && wait.compareTo(MAX_RETRY_WAIT) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : wait;
  }

  private void waitForServer(String detail) {
    LOG.warn("courier: the SMTP server is not reachable ({}); mail stays queued, next try in {}", detail, outageWait);
    waitUntil = System.nanoTime() + outageWait.toNanos();
    vertx.setTimer(Math.max(1, outageWait.toMillis()), id -> wake());
    Duration doubled = outageWait.multipliedBy(2);
    Duration max = Duration.ofSeconds(MAX_OUTAGE_WAIT_SECONDS);
    outageWait = doubled.compareTo(max) > 0 ? (pullWait.compareTo(max) > 0 ? pullWait : max) : doubled;
  }

  private Future<Void> release(List<CourierMessage> batch, int from) {
    return store.release(pool, batch.subList(from, batch.size()).stream().map(CourierMessage::id).toList(), owner);
  }

  /** Stops claiming, lets the message being sent finish and gives the rest of the batch back. */
  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(timer);
    if (subscriber != null) {
      subscriber.close();
    }
    return round.transform(x -> mailer == null ? Future.succeededFuture() : mailer.close());
  }
}
