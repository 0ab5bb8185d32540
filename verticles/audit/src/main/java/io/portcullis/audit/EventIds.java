package io.portcullis.audit;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CloudEvent ids: random version-4 UUIDs. ThreadLocalRandom rather than {@link UUID#randomUUID()}'s SecureRandom:
 * ids must be unique, not unguessable, and this runs for every request.
 */
final class EventIds {
  private EventIds() {
  }

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
