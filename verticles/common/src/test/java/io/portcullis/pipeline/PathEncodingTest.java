package io.portcullis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathEncodingTest {
  @Test
  void encodesOnlyWhatIsNotAPathCharacter() {
    assertThat(PathEncoding.encode("/a/b-c_d.e~f:@!$&'()*+,;=")).isEqualTo("/a/b-c_d.e~f:@!$&'()*+,;=");
    assertThat(PathEncoding.encode("/a b/café?#%")).isEqualTo("/a%20b/caf%C3%A9%3F%23%25");
    assertThat(PathEncoding.encode("/😀")).isEqualTo("/%F0%9F%98%80");
  }
}
