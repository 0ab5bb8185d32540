package io.portcullis.sessioncache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.contracts.Addresses;
import io.portcullis.contracts.SessionCheckCodecs;
import io.portcullis.spi.HttpCaller;
import io.portcullis.spi.SessionChecker;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host's checker over a real event bus, with a session role that answers Kratos sessions for cookies {@code s1},
 * {@code s2}... (and 401 otherwise): what a hit returns, what is kept, what a revocation takes away.
 */
class CachingSessionCheckerTest {
  Vertx vertx;
  final AtomicInteger asked = new AtomicInteger();
  final AtomicInteger read = new AtomicInteger();
  final SessionCache cache = new SessionCache(true, 100, Duration.ofMinutes(5), Clock.systemUTC(),
      new SimpleMeterRegistry(), "");
  CachingSessionChecker checker;
  /** Reads the subject, as a handler does; counts its reads. */
  final SessionChecker.Reader<String> subject = body -> {
    read.incrementAndGet();
    return new io.vertx.core.json.JsonObject(new String(body, StandardCharsets.UTF_8)).getJsonObject("identity")
        .getJsonObject("traits").getString("email");
  };

  static String session(String id) {
    return "{\"id\":\"" + id + "\",\"active\":true,\"expires_at\":\"2999-01-01T00:00:00Z\","
        + "\"authenticator_assurance_level\":\"aal1\",\"identity\":{\"id\":\"identity-of-" + id
        + "\",\"traits\":{\"email\":\"" + id + "@example.com\"}}}";
  }

  @BeforeEach
  void sessionRole() {
    vertx = Vertx.vertx();
    SessionCheckCodecs.register(vertx);
    vertx.eventBus().<HttpCaller.Call>consumer(Addresses.SESSION_CHECK, m -> {
      asked.incrementAndGet();
      String cookie = m.body().headers().get("Cookie").get(0).substring("ory_kratos_session=".length());
      m.reply(cookie.startsWith("s")
          ? new HttpCaller.Reply(200, Map.of("content-type", List.of("application/json")),
              session(cookie).getBytes(StandardCharsets.UTF_8))
          : new HttpCaller.Reply(401, Map.of(), "{}".getBytes(StandardCharsets.UTF_8)));
    });
    cache.trust(null);
    checker = new CachingSessionChecker(vertx, cache, true, io.portcullis.tracing.Tracing.OFF);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static HttpCaller.Call call(String token) {
    return new HttpCaller.Call("GET", "http://kratos/sessions/whoami",
        Map.of("Cookie", List.of("ory_kratos_session=" + token)), null, Duration.ofSeconds(5));
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aHitAnswersWithWhatTheReaderReadOnceWithoutAskingOrReadingAgain() throws Exception {
    SessionChecker.Checked<String> first = await(checker.check(call("s1"), subject));
    SessionChecker.Checked<String> hit = await(checker.check(call("s1"), subject));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.value()).isEqualTo("s1@example.com");
    assertThat(hit.status()).isEqualTo(200);
    assertThat(hit.value()).isSameAs(first.value());
    assertThat(asked).hasValue(1);
    assertThat(read).hasValue(1);
    assertThat(await(checker.check(call("s2"), subject)).value()).as("another token, another session")
        .isEqualTo("s2@example.com");
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void aPlainCheckKeepsTheWholeReplyAndHandsOutTheSameBody() throws Exception {
    HttpCaller.Reply first = await(checker.check(call("s1")));
    HttpCaller.Reply hit = await(checker.check(call("s1")));
    assertThat(hit.status()).isEqualTo(200);
    assertThat(hit.header("content-type")).isEqualTo("application/json");
    assertThat(hit.body()).isSameAs(first.body());
    assertThat(asked).hasValue(1);
    assertThat(await(checker.check(call("s1"), subject)).value()).as("a reader reads the answer itself once")
        .isEqualTo("s1@example.com");
    assertThat(asked).hasValue(2);
    assertThat(cache.size()).isOne();
  }

  @Test
  void refusalsAreNotKeptAndARevocationSendsTheNextCheckToTheSource() throws Exception {
    SessionChecker.Checked<String> refused = await(checker.check(call("forged"), subject));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.value()).isNull();
    assertThat(read).as("a refusal is not read").hasValue(0);
    await(checker.check(call("forged"), subject));
    assertThat(asked).hasValue(2);
    await(checker.check(call("s1"), subject));
    assertThat(cache.evictSession("s1")).isOne();
    assertThat(await(checker.check(call("s1"), subject)).value()).isEqualTo("s1@example.com");
    assertThat(asked).hasValue(4);
    assertThat(cache.size()).as("a revoked session stays out").isZero();
  }
}
