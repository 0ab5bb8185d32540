package io.portcullis.rules;

import io.portcullis.rules.url.EncodedSlashPolicy;
import io.portcullis.rules.url.InvalidRequestUrlException;
import io.portcullis.rules.url.RequestUrl;
import io.portcullis.rules.url.UrlNormalizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlNormalizerTest {

  private final UrlNormalizer reject = new UrlNormalizer(EncodedSlashPolicy.REJECT);
  private final UrlNormalizer decode = new UrlNormalizer(EncodedSlashPolicy.DECODE);

  private String path(UrlNormalizer normalizer, String target) throws InvalidRequestUrlException {
    return normalizer.normalize("http", "example.com", target).path();
  }

  @ParameterizedTest
  @CsvSource({
      "/public/../admin, /admin",
      "/public/%2e%2e/admin, /admin",
      "/public/%2E%2E/admin, /admin",
      "/public/.%2e/admin, /admin",
      "//admin, /admin",
      "/a//b///c, /a/b/c",
      "/./admin, /admin",
      "/a/b/./../c, /a/c",
      "/../../admin, /admin",
      "/.., /",
      "/a/.., /",
      "/a/b/.., /a/",
      "/a/., /a/",
      "/a/..., /a/...",
      "/, /",
      "/A/b/, /A/b/",
      "/ADMIN, /ADMIN",
      "/a%20b, /a b",
      "/caf%C3%A9, /café",
      "/caf%c3%a9, /café",
      "/%252e%252e/admin, /%2e%2e/admin",
      "/a;b=c, /a;b=c",
  })
  void normalizesThePath(String raw, String expected) throws Exception {
    assertThat(path(reject, raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/a%00b", "/%zz", "/%", "/%4", "/a%0a", "/a%7F", "/a%1f", "/%C3", "/%C3%28", "/%FF", "/a\\b", "/a#b",
      "/public/..%2fadmin", "/a%2Fb", "/a%5cb", "*", "", "admin", "/a\u0001",
      "/%C0%AE%C0%AE/admin", "/%E0%80%AF", "/%ED%A0%80",
      // Servlet containers read "..;x" as "..": a dot segment with a parameter must never pass.
      "/public/..;/admin", "/public/..;jsessionid=1/admin", "/public/.;/x", "/public/..%3B/admin"})
  void rejects(String raw) {
    assertThatThrownBy(() -> path(reject, raw)).isInstanceOf(InvalidRequestUrlException.class);
  }

  @Test
  void encodedSlashIsDecodedOnlyWhenAllowed() throws Exception {
    assertThat(path(decode, "/public/..%2fadmin")).isEqualTo("/admin");
    assertThat(path(decode, "/public/..%5Cadmin")).isEqualTo("/admin");
    assertThat(path(decode, "/a%2Fb")).isEqualTo("/a/b");
    assertThatThrownBy(() -> path(decode, "/a\\b")).isInstanceOf(InvalidRequestUrlException.class);
    assertThatThrownBy(() -> path(decode, "/a%00b")).isInstanceOf(InvalidRequestUrlException.class);
  }

  @Test
  void forwardPathReEncodesWhatIsNotPchar() throws Exception {
    assertThat(reject.normalize("http", "e.com", "/caf%C3%A9").forwardPath()).isEqualTo("/caf%C3%A9");
    assertThat(reject.normalize("http", "e.com", "/a%20b").forwardPath()).isEqualTo("/a%20b");
    assertThat(reject.normalize("http", "e.com", "/%252e").forwardPath()).isEqualTo("/%252e");
    assertThat(reject.normalize("http", "e.com", "/a%3Fb%23c").forwardPath()).isEqualTo("/a%3Fb%23c");
    assertThat(reject.normalize("http", "e.com", "/%F0%9F%98%80").forwardPath()).isEqualTo("/%F0%9F%98%80");
    assertThat(reject.normalize("http", "e.com", "/a-._~!$&'()*+,;=:@b/").forwardPath())
        .isEqualTo("/a-._~!$&'()*+,;=:@b/");
    assertThat(reject.normalize("http", "e.com", "/a%22b%3Cc%3E%5E%60%7B%7C%7D").forwardPath())
        .isEqualTo("/a%22b%3Cc%3E%5E%60%7B%7C%7D");
  }

  @Test
  void aRepeatedHostIsSpelledAlikeAndADifferentOneIsCheckedAgain() throws Exception {
    // The normalizer remembers the last host it spelled: the same Host again, then others right after it.
    assertThat(reject.normalize("https", "Example.COM:443", "/").host()).isEqualTo("example.com");
    assertThat(reject.normalize("https", "Example.COM:443", "/").host()).isEqualTo("example.com");
    assertThat(reject.normalize("http", "Example.COM:443", "/").host()).isEqualTo("example.com:443");
    assertThatThrownBy(() -> reject.normalize("http", "Example.COM:443x", "/"))
        .isInstanceOf(InvalidRequestUrlException.class).hasMessageContaining("invalid host");
    assertThatThrownBy(() -> reject.normalize("http", "Example.COM:443x", "/"))
        .isInstanceOf(InvalidRequestUrlException.class).hasMessageContaining("invalid host");
    assertThatThrownBy(() -> reject.normalize("http", null, "/")).isInstanceOf(InvalidRequestUrlException.class);
  }

  @Test
  void schemeAndHostAreCanonical() throws Exception {
    RequestUrl url = reject.normalize("HTTP", "Example.COM:80", "/Path");

    assertThat(url).isEqualTo(new RequestUrl("http", "example.com", "/Path", null));
    assertThat(url.matchTarget()).isEqualTo("http://example.com/Path");
    assertThat(reject.normalize("https", "example.com:443", "/").host()).isEqualTo("example.com");
    assertThat(reject.normalize("https", "example.com:80", "/").host()).isEqualTo("example.com:80");
    assertThat(reject.normalize("http", "example.com:08080", "/").host()).isEqualTo("example.com:8080");
    assertThat(reject.normalize("http", "example.com.", "/").host()).isEqualTo("example.com");
    assertThat(reject.normalize("http", "10.0.0.1:8080", "/").host()).isEqualTo("10.0.0.1:8080");
    assertThat(reject.normalize("http", "[::1]:80", "/").host()).isEqualTo("[::1]");
    assertThat(reject.normalize("https", "[FE80::1]:8443", "/").host()).isEqualTo("[fe80::1]:8443");
    assertThat(reject.normalize("http", "my_service", "/").host()).isEqualTo("my_service");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "user@example.com", "example.com:", "example.com:0", "example.com:65536",
      "example.com:http", "exa mple.com", "example..com", ".example.com", "ex%41mple.com", "[::1", "[zz::1]",
      "example.com:80:80", "exämple.com", "[::1]x",
      // Found by UrlNormalizerFuzzTest: "a.." became "a.", which normalized again to "a" (two spellings of one host).
      "example.com..", "example.com..:8080", "."})
  void rejectsBadAuthorities(String authority) {
    assertThatThrownBy(() -> reject.normalize("http", authority, "/"))
        .isInstanceOf(InvalidRequestUrlException.class);
  }

  @Test
  void rejectsBadSchemes() {
    assertThatThrownBy(() -> reject.normalize("", "e.com", "/")).isInstanceOf(InvalidRequestUrlException.class);
    assertThatThrownBy(() -> reject.normalize("ht tp", "e.com", "/")).isInstanceOf(InvalidRequestUrlException.class);
    assertThatThrownBy(() -> reject.normalize(null, "e.com", "/")).isInstanceOf(InvalidRequestUrlException.class);
  }

  @Test
  void queryIsKeptRawAndTakesNoPartInMatching() throws Exception {
    RequestUrl url = reject.normalize("http", "example.com", "/a/../b?x=1&y=%2F");

    assertThat(url.rawQuery()).isEqualTo("x=1&y=%2F");
    assertThat(url.matchTarget()).isEqualTo("http://example.com/b");
    assertThat(url.forwardUri()).isEqualTo("/b?x=1&y=%2F");
    assertThat(reject.normalize("http", "e.com", "/b?").forwardUri()).isEqualTo("/b?");
    assertThat(reject.normalize("http", "e.com", "/b").forwardUri()).isEqualTo("/b");
  }

  @Test
  void absoluteFormUsesItsPathButNotItsAuthority() throws Exception {
    RequestUrl url = reject.normalize("http", "example.com", "http://evil.com/a/../b?q=1");

    assertThat(url.host()).isEqualTo("example.com");
    assertThat(url.path()).isEqualTo("/b");
    assertThat(url.rawQuery()).isEqualTo("q=1");
    assertThat(reject.normalize("http", "example.com", "http://evil.com").path()).isEqualTo("/");
    assertThat(reject.normalize("http", "example.com", "http://evil.com?x").forwardUri()).isEqualTo("/?x");
  }
}
