package io.portcullis.identity.attempts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.config.Durations;
import io.portcullis.config.IdentityConfig;
import io.portcullis.identity.session.ClientInfo;
import io.portcullis.identity.session.IdentityEvents;
import io.portcullis.identity.store.Outbox;
import io.portcullis.kafka.events.EventTypes;
import io.portcullis.ratelimit.AttemptLimiter;
import io.portcullis.ratelimit.Attempts;
import io.portcullis.ratelimit.BackOffPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Login, recovery and verification attempts counted per identifier and per client address
 * ({@code portcullis.identity.rate_limits}) before the flow does its work: a refused attempt costs no password hash
 * and sends no mail. Keys are {@code <flow>:<identifier hash>} and {@code <flow>:<address>} in two cluster-wide maps.
 * Every refusal, every lockout and every lift is an identity event in the outbox.
 */
public final class FlowAttempts {
  static final String IDENTIFIERS = "portcullis.identity.attempts.identifier";
  static final String ADDRESSES = "portcullis.identity.attempts.address";
  public static final String IDENTIFIER = "identifier";
  public static final String ADDRESS = "address";

  private final AttemptLimiter identifiers;
  private final AttemptLimiter addresses;
  private final Pool pool;
  private final Outbox outbox;
  private final Clock clock;
  /** {@code <prefix>identity_attempts_refused_total{flow, scope}} by {@code flow/scope}. */
  private final Map<String, Counter> refusals = new HashMap<>();

  /**
   * One counted key as the admin API lists it.
   *
   * @param retryAfter zero when an attempt would go through now
   * @param locked whether a lockout holds now
   */
  public record Entry(String flow, String scope, String key, Attempts attempts, Duration retryAfter, boolean locked) {
  }

  private FlowAttempts(AttemptLimiter identifiers, AttemptLimiter addresses, Pool pool, Outbox outbox, Clock clock,
      MeterRegistry meters, String prefix) {
    this.identifiers = identifiers;
    this.addresses = addresses;
    this.pool = pool;
    this.outbox = outbox;
    this.clock = clock;
    for (String flow : List.of("login", "recovery", "verification")) {
      for (String scope : List.of(IDENTIFIER, ADDRESS)) {
        refusals.put(flow + "/" + scope, Counter.builder(prefix + "identity_attempts_refused")
            .description("Identity flow attempts refused by the rate limits").tags("flow", flow, "scope", scope)
            .register(meters));
      }
    }
  }

  /** The limits of {@code config}; when it is switched off every attempt goes through and nothing is counted. */
  public static FlowAttempts of(Vertx vertx, IdentityConfig.RateLimits config, Pool pool, Outbox outbox,
      Clock clock, MeterRegistry meters, String metricPrefix) {
    if (!config.enabled()) {
      return new FlowAttempts(null, null, pool, outbox, clock, meters, metricPrefix);
    }
    String p = "portcullis.identity.rate_limits.";
    Duration window = Durations.parse(p + "window", config.window());
    Duration base = Durations.parse(p + "back_off_base", config.backOffBase());
    Duration max = Durations.parse(p + "back_off_max", config.backOffMax());
    Duration lockout = Durations.parse(p + "lockout_duration", config.lockoutDuration());
    return new FlowAttempts(
        new AttemptLimiter(vertx, IDENTIFIERS, new BackOffPolicy(config.identifier().backOffAfter(),
            config.identifier().lockoutAfter(), base, max, window, lockout), clock),
        new AttemptLimiter(vertx, ADDRESSES, new BackOffPolicy(config.address().backOffAfter(),
            config.address().lockoutAfter(), base, max, window, lockout), clock),
        pool, outbox, clock, meters, metricPrefix);
  }

  /**
   * Lets an attempt at {@code flow} through or fails with {@link TooManyAttempts} once the refusal is recorded: the
   * client's address is checked (its failures are counted by {@link #addressFailed}), {@code identifier} (null: none)
   * is counted as it goes through, atomically, so parallel guesses at one identifier cannot all pass.
   */
  public Future<Void> attempt(String flow, String identifier, ClientInfo client) {
    if (identifiers == null) {
      return Future.succeededFuture();
    }
    String address = client.address();
    String hash = identifier == null ? null : IdentityEvents.identifierHash(identifier);
    return addresses.check(flow + ":" + address).compose(v -> answer(v, flow, ADDRESS, address, client))
        .compose(x -> hash == null ? Future.succeededFuture()
            : identifiers.attempt(flow + ":" + hash).compose(v -> answer(v, flow, IDENTIFIER, hash, client)));
  }

  /** An attempt that went through failed (or, for the mailing flows, was made): the address's count grows. */
  public Future<Void> addressFailed(String flow, ClientInfo client) {
    if (addresses == null) {
      return Future.succeededFuture();
    }
    return addresses.fail(flow + ":" + client.address()).compose(v -> answer(v, flow, ADDRESS, client.address(),
        client));
  }

  /**
   * The attempt succeeded: the identifier's count is cleared; the address keeps its failures, so one valid account
   * does not launder guesses at others.
   */
  public Future<Void> succeeded(String flow, String identifier) {
    if (identifiers == null) {
      return Future.succeededFuture();
    }
    return identifiers.clear(flow + ":" + IdentityEvents.identifierHash(identifier)).mapEmpty();
  }

  /** Every counted key matching {@code filter}. */
  public Future<List<Entry>> list(Predicate<Entry> filter) {
    if (identifiers == null) {
      return Future.succeededFuture(List.of());
    }
    return entries(IDENTIFIER, identifiers).compose(ids -> entries(ADDRESS, addresses).map(as -> {
      List<Entry> all = new ArrayList<>(ids);
      all.addAll(as);
      return all.stream().filter(filter).toList();
    }));
  }

  /** Removes every counted key matching {@code filter}, each with a {@code rate_limit.lifted} event; those removed. */
  public Future<List<Entry>> lift(Predicate<Entry> filter) {
    return list(filter).compose(found -> {
      Future<Void> chain = Future.succeededFuture();
      for (Entry e : found) {
        AttemptLimiter limiter = e.scope().equals(IDENTIFIER) ? identifiers : addresses;
        chain = chain.compose(x -> limiter.clear(e.flow() + ":" + e.key())).compose(was -> event(
            EventTypes.RATE_LIMIT_LIFTED, e.flow(), IdentityEvents.rateLimitLifted(e.flow(), e.scope(), e.key(),
                was.failures(), e.locked())));
      }
      return chain.map(found);
    });
  }

  /** Goes on after an allowed verdict (recording a lockout it caused); records and fails a refused one. */
  private Future<Void> answer(AttemptLimiter.Verdict v, String flow, String scope, String key, ClientInfo client) {
    Attempts a = v.state();
    boolean locked = a.lockedAt(clock.millis());
    if (v.allowed()) {
      return !v.lockedOutNow() ? Future.succeededFuture() : event(EventTypes.LOCKED_OUT, flow,
          IdentityEvents.lockedOut(flow, scope, key, a.failures(), a.lockedUntilMs() == Long.MAX_VALUE ? null
              : Instant.ofEpochMilli(a.lockedUntilMs()).toString(), client));
    }
    TooManyAttempts refused = new TooManyAttempts(v.retryAfter(), locked);
    refusals.get(flow + "/" + scope).increment();
    return event(EventTypes.RATE_LIMITED, flow, IdentityEvents.rateLimited(flow, scope, key, a.failures(),
            refused.retryAfterSeconds(), locked, client))
        .compose(x -> Future.failedFuture(refused));
  }

  private Future<List<Entry>> entries(String scope, AttemptLimiter limiter) {
    long now = limiter.nowMs();
    return limiter.entries().map(all -> all.entrySet().stream().map(e -> {
      int colon = e.getKey().indexOf(':');
      return new Entry(e.getKey().substring(0, colon), scope, e.getKey().substring(colon + 1), e.getValue(),
          e.getValue().waitAt(now, limiter.policy()), e.getValue().lockedAt(now));
    }).toList());
  }

  private Future<Void> event(String type, String flow, JsonObject payload) {
    return outbox.append(pool, type, flow, payload, clock.instant().truncatedTo(ChronoUnit.MICROS));
  }
}
