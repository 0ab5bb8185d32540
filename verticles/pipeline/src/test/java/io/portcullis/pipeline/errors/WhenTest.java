package io.portcullis.pipeline.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WhenTest {
  static AccessRequest request(Map<String, String> headers, String remote) {
    return new AccessRequest() {
      public String method() { return "GET"; }
      public String scheme() { return "http"; }
      public String host() { return "h"; }
      public String path() { return "/"; }
      public String forwardPath() { return "/"; }
      public String query() { return null; }
      public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
            .findFirst().orElse(null);
      }
      public List<String> headers(String name) { return header(name) == null ? List.of() : List.of(header(name)); }
      public Set<String> headerNames() { return headers.keySet(); }
      public String cookie(String name) { return null; }
      public String remoteAddress() { return remote; }
      public List<String> captureGroups() { return List.of(); }
      public String ruleId() { return "r"; }
    };
  }

  static When when(Object clauses) throws ConfigException {
    return When.parse(new HandlerConfig(Map.of("when", clauses)));
  }

  @Test
  void errorNamesAndAcceptFollowOathkeeper() throws Exception {
    When w = when(List.of(Map.of("error", List.of("unauthorized"),
        "request", Map.of("header", Map.of("accept", List.of("text/*"))))));
    PipelineFailure unauthorized = PipelineFailure.unauthorized("x", null);
    assertThat(w.matches(request(Map.of("Accept", "text/html;q=0.9"), "1.2.3.4"), unauthorized)).isTrue();
    assertThat(w.matches(request(Map.of("Accept", "application/json"), "1.2.3.4"), unauthorized)).isFalse();
    assertThat(w.matches(request(Map.of("Accept", "*/*"), "1.2.3.4"), unauthorized))
        .as("a wildcard request only matches a wildcard handler").isFalse();
    assertThat(w.matches(request(Map.of("Accept", "text/html"), "1.2.3.4"), new PipelineFailure(403, null, null)))
        .isFalse();
    assertThat(new PipelineFailure(500, null, null).errorName()).isEqualTo("internal_server_error");
    assertThat(new PipelineFailure(429, null, null).errorName()).isEqualTo("too_many_requests");
  }

  @Test
  void remoteIpRangesWithAndWithoutForwardedFor() throws Exception {
    When direct = when(List.of(Map.of("request", Map.of("remote_ip", Map.of("match", List.of("10.0.0.0/8", "fd00::/8"))))));
    PipelineFailure f = PipelineFailure.unauthorized("x", null);
    assertThat(direct.matches(request(Map.of(), "10.1.2.3"), f)).isTrue();
    assertThat(direct.matches(request(Map.of(), "fd12::1"), f)).isTrue();
    assertThat(direct.matches(request(Map.of("X-Forwarded-For", "10.1.2.3"), "192.168.0.1"), f)).isFalse();
    When xff = when(List.of(Map.of("request", Map.of("remote_ip",
        Map.of("match", List.of("10.0.0.0/8"), "respect_forwarded_for_header", true)))));
    assertThat(xff.matches(request(Map.of("X-Forwarded-For", "8.8.8.8, 10.1.2.3"), "192.168.0.1"), f)).isTrue();
  }

  @Test
  void badConditionsNameTheField() {
    assertThatThrownBy(() -> when(List.of(Map.of("request", Map.of("remote_ip", Map.of("match", List.of("10.0.0.0")))))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("when[0].request.remote_ip.match[0]");
    assertThatThrownBy(() -> when(List.of(Map.of("eror", List.of("x")))))
        .hasMessageContaining("when[0].eror");
    assertThatThrownBy(() -> when("unauthorized")).hasMessageContaining("a list of conditions");
  }
}
