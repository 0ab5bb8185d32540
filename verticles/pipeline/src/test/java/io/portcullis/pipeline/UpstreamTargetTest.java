package io.portcullis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.rules.Upstream;
import org.junit.jupiter.api.Test;

class UpstreamTargetTest {
  @Test
  void joinsBasePathAndStripsALeadingWholeSegment() {
    UpstreamTarget t = UpstreamTarget.of(new Upstream("http://svc:8080/backend/", false, "/api/"));
    assertThat(t.requestUri("/api/items", "x=1")).isEqualTo("/backend/items?x=1");
    assertThat(t.requestUri("/api", null)).isEqualTo("/backend/");
    assertThat(t.requestUri("/apix/items", null)).as("not a whole segment").isEqualTo("/backend/apix/items");
    assertThat(t.authority()).isEqualTo("svc:8080");
  }

  @Test
  void defaultPortsAndTls() {
    UpstreamTarget t = UpstreamTarget.of(new Upstream("https://secure.example.com", true, null));
    assertThat(t.tls()).isTrue();
    assertThat(t.port()).isEqualTo(443);
    assertThat(t.authority()).isEqualTo("secure.example.com");
    assertThat(t.requestUri("/a/b/", null)).isEqualTo("/a/b/");
    assertThat(UpstreamTarget.of(new Upstream(null, false, null))).isNull();
  }
}
