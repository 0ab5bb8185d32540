package io.portcullis.plugins.builtin.remote;

import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HttpCaller;
import io.portcullis.spi.PluginServices;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Oathkeeper's {@code retry} block: {@code give_up_after} bounds the whole exchange, retries included, so a hung
 * remote never holds a request longer; {@code max_delay} caps the back-off between attempts. Connection failures,
 * 429 and 5xx answers (but 501) are tried again while the budget lasts, at most {@value #MAX_RETRIES} times.
 */
public record RetryPolicy(Duration maxDelay, Duration giveUpAfter) {
  static final int MAX_RETRIES = 4;
  private static final long FIRST_BACKOFF_MILLIS = 10;
  /** An attempt with less time than this left is not worth starting. */
  private static final long MIN_ATTEMPT_MILLIS = 5;

  /** The schema's defaults. */
  public static final String DEFAULT_MAX_DELAY = "100ms";
  public static final String DEFAULT_GIVE_UP_AFTER = "1s";

  /** {@code retry} below {@code config}, the schema's defaults where unset. */
  public static RetryPolicy read(HandlerConfig config) throws ConfigException {
    HandlerConfig retry = config.object("retry").requireOnly(Set.of("max_delay", "give_up_after"));
    RetryPolicy p = new RetryPolicy(GoDuration.read(retry, "max_delay", DEFAULT_MAX_DELAY),
        GoDuration.read(retry, "give_up_after", DEFAULT_GIVE_UP_AFTER));
    if (p.giveUpAfter.isZero()) {
      throw new ConfigException(retry.field("give_up_after"), "0", "a positive duration");
    }
    return p;
  }

  /**
   * Sends the call {@code attempt} builds for the time left (its timeout), retrying as described. Completes with the
   * last reply, or exceptionally with the last failure ({@link TimeoutException} once the budget is spent).
   */
  public CompletionStage<HttpCaller.Reply> send(PluginServices services, Function<Duration, HttpCaller.Call> attempt) {
    long deadline = System.nanoTime() + giveUpAfter.toNanos();
    return attempt(services, attempt, deadline, 0);
  }

  private CompletionStage<HttpCaller.Reply> attempt(PluginServices services,
      Function<Duration, HttpCaller.Call> attempt, long deadline, int retry) {
    long left = remainingMillis(deadline);
    if (left < 1) {
      return CompletableFuture.failedFuture(new TimeoutException("gave up after " + giveUpAfter.toMillis() + " ms"));
    }
    CompletionStage<HttpCaller.Reply> sent;
    try {
      sent = services.http().send(attempt.apply(Duration.ofMillis(left)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return sent.handle((reply, failure) -> {
      long backoff = Math.min(maxDelay.toMillis(), FIRST_BACKOFF_MILLIS << retry);
      boolean again = retry < MAX_RETRIES && retryable(reply, failure)
          && remainingMillis(deadline) - backoff >= MIN_ATTEMPT_MILLIS;
      if (!again) {
        return failure == null ? CompletableFuture.completedFuture(reply)
            : CompletableFuture.<HttpCaller.Reply>failedFuture(failure);
      }
      return services.delay(Duration.ofMillis(backoff))
          .thenCompose(v -> attempt(services, attempt, deadline, retry + 1));
    }).thenCompose(Function.identity());
  }

  private static boolean retryable(HttpCaller.Reply reply, Throwable failure) {
    if (failure != null) {
      return true;
    }
    int s = reply.status();
    return s == 429 || (s >= 500 && s != 501);
  }

  private static long remainingMillis(long deadline) {
    return (deadline - System.nanoTime()) / 1_000_000;
  }
}
