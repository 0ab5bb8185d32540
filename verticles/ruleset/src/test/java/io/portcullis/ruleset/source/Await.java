package io.portcullis.ruleset.source;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what a watch delivers asynchronously; bounded, and not a measure of speed. */
final class Await {
  private Await() {
  }

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
