package io.portcullis.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Regression: with a local identity DSN, every whoami URL was answered from the local database, another Kratos's too. */
class WhoamiRoutingTest {
  @Test
  void autoAnswersOnlyThisIdentityServicesWhoamiFromTheDatabase() {
    WhoamiRouting auto = new WhoamiRouting(false, List.of("https://auth.example.com/", "http://127.0.0.1:4433"));
    assertThat(auto.fromDatabase("http://127.0.0.1:4433/sessions/whoami")).isTrue();
    assertThat(auto.fromDatabase("https://AUTH.example.com:443/sessions/whoami")).isTrue();
    assertThat(auto.fromDatabase("http://other-kratos:4433/sessions/whoami")).isFalse();
    assertThat(auto.fromDatabase("http://127.0.0.1:4433/other")).isFalse();
    assertThat(auto.fromDatabase("http://127.0.0.1:5433/sessions/whoami")).isFalse();
  }

  @Test
  void sourceDatabaseAnswersAnyWhoami() {
    WhoamiRouting database = new WhoamiRouting(true, List.of("http://127.0.0.1:4433"));
    assertThat(database.fromDatabase("http://kratos-public/sessions/whoami")).isTrue();
    assertThat(database.fromDatabase("http://kratos-public/sessions")).isFalse();
  }
}
