package io.portcullis.ruleset;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which rules role of the cluster reads the sources and publishes: the holder of one cluster-wide lock. The others
 * wait for it; Hazelcast frees the lock when its holder leaves the cluster (stopped, or found dead by the failure
 * detector), and the next waiter takes over. A single writer keeps edges from hearing two sets in turn while rules
 * roles read a changing source at different moments. On a node that is not clustered, this node leads at once.
 */
final class RulesLeadership {
  static final String LOCK = "portcullis.rules.leader";
  private static final Logger LOG = LoggerFactory.getLogger(RulesLeadership.class);
  /** How long one wait for the lock lasts before it is asked again (each wait holds a worker thread). */
  private static final long WAIT_MS = 10_000;

  private final Vertx vertx;
  private Lock lock;
  private boolean stopped;

  RulesLeadership(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * True when this node leads within {@code firstWaitMs}; else false, and it keeps waiting and calls
   * {@code onLaterLead} once it leads.
   */
  Future<Boolean> contend(long firstWaitMs, Runnable onLaterLead) {
    if (!vertx.isClustered()) {
      return Future.succeededFuture(true);
    }
    return vertx.sharedData().getLockWithTimeout(LOCK, firstWaitMs).map(l -> {
      lead(l);
      return true;
    }).otherwise(notYet -> {
      LOG.info("rules role standing by: another node leads the rules");
      waitFor(onLaterLead);
      return false;
    });
  }

  private void waitFor(Runnable onLead) {
    if (stopped) {
      return;
    }
    vertx.sharedData().getLockWithTimeout(LOCK, WAIT_MS).onComplete(r -> {
      if (r.succeeded()) {
        lead(r.result());
        if (!stopped) {
          LOG.info("rules role taking over: this node now leads the rules");
          onLead.run();
        }
      } else {
        waitFor(onLead);
      }
    });
  }

  private void lead(Lock l) {
    lock = l;
    if (stopped) {
      l.release();
    }
  }

  void stop() {
    stopped = true;
    if (lock != null) {
      lock.release();
    }
  }
}
