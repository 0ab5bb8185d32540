package io.portcullis.identitysessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The token is read as Kratos' whoami reads it: X-Session-Token, then a Bearer token, then the cookie. */
class PresentedTokenTest {

  private static String presented(Map<String, String> headers, String cookie) {
    return PresentedToken.of(headers::get, () -> cookie);
  }

  @Test
  void theHeaderWinsOverBearerAndCookie() {
    assertThat(presented(Map.of("X-Session-Token", "h", "Authorization", "Bearer b"), "c")).isEqualTo("h");
    assertThat(presented(Map.of("X-Session-Token", "", "Authorization", "bearer  b "), "c")).isEqualTo("b");
    assertThat(presented(Map.of("Authorization", "Basic x"), "c")).isEqualTo("c");
    assertThat(presented(Map.of(), null)).isNull();
  }
}
