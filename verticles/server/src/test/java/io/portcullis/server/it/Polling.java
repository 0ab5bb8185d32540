package io.portcullis.server.it;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** Bounded waits for what a test expects an upstream to see. */
final class Polling {
  private Polling() {
  }

  /** The next element of {@code queue}; fails the test with {@code otherwise} if none arrives within 5 s. */
  static <T> T next(BlockingQueue<T> queue, String otherwise) throws InterruptedException {
    T next = queue.poll(5, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError(otherwise);
    }
    return next;
  }
}
