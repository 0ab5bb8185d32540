package io.portcullis.audit;

import java.time.Instant;

/** RFC 3339 timestamps for events, formatted once per millisecond rather than once per event. */
final class EventClock {
  private long millis = -1;
  private String text;

  String now() {
    long current = System.currentTimeMillis();
    if (current != millis) {
      millis = current;
      text = Instant.ofEpochMilli(current).toString();
    }
    return text;
  }
}
