package io.portcullis.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An empty fetch waits long enough not to spin, and short enough for the end-of-topic check behind it. */
class RevocationFeedTest {
  @Test
  void fetchWaitIsAnEighthOfMaxLagBetween20And250Millis() {
    assertThat(RevocationFeed.fetchWaitMillis(Duration.ofSeconds(3))).isEqualTo(250);
    assertThat(RevocationFeed.fetchWaitMillis(Duration.ofSeconds(1))).isEqualTo(125);
    assertThat(RevocationFeed.fetchWaitMillis(Duration.ofMillis(100))).isEqualTo(20);
  }

  @Test
  void theEndOfTopicCheckQueuedBehindAFetchFitsItsTimeout() {
    for (long lag : new long[] {100, 400, 1_000, 3_000, 60_000}) {
      Duration maxLag = Duration.ofMillis(lag);
      assertThat(RevocationFeed.fetchWaitMillis(maxLag)).isLessThan(RevocationFeed.endCheckTimeout(maxLag).toMillis());
    }
  }
}
