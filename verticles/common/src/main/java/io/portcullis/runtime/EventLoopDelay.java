package io.portcullis.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * {@code <prefix>event_loop_delay_seconds}: how late a 100 ms timer fires on the event loops, one timer (count, sum,
 * decaying max) for all of them. A loop kept busy (a handler that blocks, a long computation) delays every request it
 * holds; the max shows that within seconds. One instance per event loop (Vert.x gives each instance the next loop),
 * ten timer callbacks a second each.
 */
public final class EventLoopDelay extends VerticleBase {
  private static final long TICK_MILLIS = 100;
  private final Timer delay;

  private EventLoopDelay(Timer delay) {
    this.delay = delay;
  }

  /** Deploys one instance on each of {@code loops} event loops; they stop with Vert.x. */
  public static Future<String> deploy(Vertx vertx, int loops, MeterRegistry registry, String prefix) {
    Timer delay = Timer.builder(prefix + "event_loop_delay")
        .description("How late a 100 ms timer fires on the event loops").register(registry);
    return vertx.deployVerticle(() -> new EventLoopDelay(delay), new DeploymentOptions().setInstances(loops));
  }

  @Override
  public Future<?> start() {
    tick(System.nanoTime());
    return Future.succeededFuture();
  }

  private void tick(long scheduledAt) {
    vertx.setTimer(TICK_MILLIS, id -> {
      long now = System.nanoTime();
      delay.record(Math.max(0, now - scheduledAt - TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS)), TimeUnit.NANOSECONDS);
      tick(now);
    });
  }
}
