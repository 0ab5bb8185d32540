package io.portcullis.rules.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.portcullis.rules.url.EncodedSlashPolicy;
import io.portcullis.rules.url.InvalidRequestUrlException;
import io.portcullis.rules.url.RequestUrl;
import io.portcullis.rules.url.UrlNormalizer;

/**
 * The URL normalizer on arbitrary Host headers and request targets: it refuses with
 * {@link InvalidRequestUrlException} or yields a canonical URL, one with no dot segment, no repeated slash and no
 * control character, which normalizes to itself again when forwarded (so the upstream serves what was authorized).
 */
class UrlNormalizerFuzzTest {
  private static final UrlNormalizer[] NORMALIZERS = {new UrlNormalizer(EncodedSlashPolicy.REJECT),
      new UrlNormalizer(EncodedSlashPolicy.DECODE)};

  @FuzzTest(maxDuration = "10s")
  void normalizedUrlsAreCanonicalAndStable(FuzzedDataProvider data) throws Exception {
    UrlNormalizer normalizer = NORMALIZERS[data.consumeInt(0, 1)];
    String scheme = data.pickValue(new String[] {"http", "https", "HTTP", data.consumeString(8)});
    String authority = data.consumeString(40);
    String target = data.consumeRemainingAsString();
    RequestUrl url;
    try {
      url = normalizer.normalize(scheme, authority, target);
    } catch (InvalidRequestUrlException refused) {
      return;
    }
    String path = url.path();
    assertThat(path).startsWith("/").doesNotContain("//");
    for (String segment : path.split("/", -1)) {
      assertThat(segment).as("a segment of %s", path).isNotEqualTo("..").isNotEqualTo(".");
    }
    assertThat(path.chars().noneMatch(c -> c < 0x20 || c == 0x7f)).as("no control character in %s", path).isTrue();
    RequestUrl again = normalizer.normalize(url.scheme(), url.host(), url.forwardUri());
    assertThat(again).as("normalizing %s again", url).isEqualTo(url);
  }
}
