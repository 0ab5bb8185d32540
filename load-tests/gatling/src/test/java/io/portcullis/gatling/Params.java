package io.portcullis.gatling;

import java.time.Duration;

/**
 * The simulations' parameters, all Java system properties ({@code -Dname=value}), read once. A bad value stops the
 * run with the property, the value and what was expected.
 */
final class Params {
  /** Where requests go: the proxy under test (Portcullis, nginx or the upstream itself). */
  static final String BASE_URL = text("baseUrl", "http://127.0.0.1:4455");
  /** The request path on {@link #BASE_URL}. */
  static final String PATH = text("path", "/bench");
  /** Portcullis' API port, for {@code /decisions}. */
  static final String API_URL = text("apiUrl", "http://127.0.0.1:4456");
  /** The identity service: public API (login, whoami) and admin API (identities, revocations). */
  static final String PUBLIC_URL = text("publicUrl", "http://127.0.0.1:4433");
  static final String ADMIN_URL = text("adminUrl", "http://127.0.0.1:4434");
  /** Closed model: this many users, each sending its next request when the last one is answered. */
  static final int USERS = whole("users", 64, 1);
  /** Open model when above 0: new requests per second regardless of answers (fixed arrival rate). */
  static final double RATE = decimal("rate", 0);
  static final Duration DURATION = Duration.ofSeconds(whole("duration", 30, 1));
  /** Load before the measured phase (its requests are named "warmup ..."): Gatling's JIT and the target's warm up. */
  static final Duration WARMUP = Duration.ofSeconds(whole("warmup", 0, 0));
  /** Closed model: stop after this many requests in all when above 0 (or at the end of the duration). */
  static final int REQUESTS = whole("requests", 0, 0);
  /** Sessions to create up front (identities through the admin API, each logged in through the API flow). */
  static final int SESSIONS = whole("sessions", 50, 1);
  /** A file of sessions ({@code token session-id} lines): read when it exists, else written after creating them. */
  static final String SESSIONS_FILE = text("sessionsFile", "");
  /** Assertions: the run fails when p99 exceeds this or more requests than this fail. */
  static final int P99_MS = whole("p99Ms", 100, 1);
  static final double MAX_ERROR_PERCENT = decimal("maxErrorPercent", 0);
  /** Revocation mix: session revocations per second while traffic flows, and how long one may take to be seen. */
  static final double REVOCATIONS_PER_SECOND = decimal("revocationsPerSecond", 2);
  static final int REVOCATION_VISIBLE_MS = whole("revocationVisibleMs", 1000, 1);

  private Params() {}

  private static String text(String name, String fallback) {
    return System.getProperty(name, fallback);
  }

  private static int whole(String name, int fallback, int min) {
    String v = System.getProperty(name);
    try {
      int n = v == null ? fallback : Integer.parseInt(v.trim());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("-D" + name + "=" + v + ": expected a whole number of at least " + min);
  }

  private static double decimal(String name, double fallback) {
    String v = System.getProperty(name);
    try {
      double n = v == null ? fallback : Double.parseDouble(v.trim());
      if (n >= 0 && Double.isFinite(n)) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("-D" + name + "=" + v + ": expected a number of at least 0");
  }
}
