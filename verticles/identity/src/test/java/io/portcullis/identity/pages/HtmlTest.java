package io.portcullis.identity.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void onlySafeUrlsReachLinks() {
    assertThat(Html.url("https://auth.example.com/ui/login?a=1&b=2")).isEqualTo(
        "https://auth.example.com/ui/login?a=1&amp;b=2");
    assertThat(Html.url("/ui/welcome")).isEqualTo("/ui/welcome");
    assertThat(Html.url("javascript:alert(1)")).isEqualTo("#");
    assertThat(Html.url(" JavaScript:alert(1)")).isEqualTo("#");
    // Protocol-relative URLs leave for another site: refused.
    assertThat(Html.url("//evil.example/x")).isEqualTo("#");
    assertThat(Html.url("/\\evil.example/x")).isEqualTo("#");
    assertThat(Html.esc("<script>\"'&")).isEqualTo("&lt;script&gt;&quot;&#39;&amp;");
  }
}
