package io.portcullis.identity.store;

import io.portcullis.identitysessions.db.Rows;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the identity database from growing without bound (Kratos leaves this to {@code kratos cleanup}): every
 * {@code interval} it deletes flows that expired over an hour ago, browser errors and outbox rows published over a day
 * ago, and sessions that ended (expired or revoked) over {@code sessionRetention} ago. Several nodes may run it; deletes are idempotent.
 */
public final class Janitor {
  private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);
  private final Vertx vertx;
  private final Pool pool;
  private final Duration sessionRetention;
  private long timer = -1;

  public Janitor(Vertx vertx, Pool pool, Duration sessionRetention) {
    this.vertx = vertx;
    this.pool = pool;
    this.sessionRetention = sessionRetention;
  }

  public void start(Duration interval) {
    timer = vertx.setPeriodic(interval.toMillis(), id -> sweep());
  }

  /** One sweep; completes with nothing, logs what it removed. */
  public io.vertx.core.Future<Void> sweep() {
    Instant now = Instant.now();
    return pool.preparedQuery("DELETE FROM selfservice_flows WHERE expires_at < $1")
        .execute(io.vertx.sqlclient.Tuple.of(Rows.time(now.minus(Duration.ofHours(1))))).map(r -> r.rowCount())
        .compose(f -> pool.preparedQuery("DELETE FROM selfservice_errors WHERE created_at < $1")
            .execute(io.vertx.sqlclient.Tuple.of(Rows.time(now.minus(Duration.ofDays(1))))).map(f))
        .compose(f -> pool.preparedQuery("DELETE FROM outbox WHERE published_at < $1")
            .execute(io.vertx.sqlclient.Tuple.of(Rows.time(now.minus(Duration.ofDays(1)))))
            .compose(o -> pool.preparedQuery("DELETE FROM sessions WHERE updated_at < $1 AND (NOT active OR "
                    + "expires_at < $1)").execute(io.vertx.sqlclient.Tuple.of(Rows.time(now.minus(sessionRetention))))
                .map(s -> {
                  if (f + o.rowCount() + s.rowCount() > 0) {
                    LOG.info("identity database clean-up: {} expired flows, {} published outbox rows, {} ended "
                        + "sessions removed", f, o.rowCount(), s.rowCount());
                  }
                  return (Void) null;
                })))
        .onFailure(t -> LOG.warn("identity database clean-up failed: {}", t.getMessage()));
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
