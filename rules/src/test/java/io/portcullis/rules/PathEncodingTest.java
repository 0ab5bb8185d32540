package io.portcullis.rules;

import io.portcullis.rules.url.RequestUrl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathEncodingTest {
  @Test
  void encodesOnlyWhatIsNotAPathCharacter() {
    assertThat(RequestUrl.encodePath("/a/b-c_d.e~f:@!$&'()*+,;=")).isEqualTo("/a/b-c_d.e~f:@!$&'()*+,;=");
    assertThat(RequestUrl.encodePath("/a b/café?#%")).isEqualTo("/a%20b/caf%C3%A9%3F%23%25");
    assertThat(RequestUrl.encodePath("/😀")).isEqualTo("/%F0%9F%98%80");
  }
}
