package io.portcullis.identity.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReturnUrlsTest {
  final ReturnUrls urls = new ReturnUrls("https://auth.example.com/welcome",
      List.of("https://*.apps.example.com/", "https://grafana.example.com/dashboards/"), "https://auth.example.com/");

  @Test
  void allowedOriginsWildcardsAndPathPrefixes() {
    assertThat(urls.allowed("https://prom.apps.example.com/graph")).isTrue();
    assertThat(urls.allowed("https://grafana.example.com/dashboards/d/1")).isTrue();
    assertThat(urls.allowed("https://auth.example.com/ui/settings")).isTrue();
    assertThat(urls.allowed("https://apps.example.com/")).as("the wildcard needs a subdomain").isFalse();
  }

  @Test
  void neverAnOpenRedirect() {
    assertThat(urls.allowed("https://evil.example/")).isFalse();
    assertThat(urls.allowed("https://prom.apps.example.com.evil.example/")).isFalse();
    assertThat(urls.allowed("https://user@prom.apps.example.com/")).isFalse();
    assertThat(urls.allowed("javascript:alert(1)")).isFalse();
    assertThat(urls.allowed("//evil.example/")).isFalse();
    assertThat(urls.allowed("http://prom.apps.example.com/")).as("scheme must match").isFalse();
    // Regression: dot segments are resolved before the path prefix is checked.
    assertThat(urls.allowed("https://grafana.example.com/dashboards/../admin")).isFalse();
  }
}
