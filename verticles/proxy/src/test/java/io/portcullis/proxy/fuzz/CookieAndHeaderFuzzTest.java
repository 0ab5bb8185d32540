package io.portcullis.proxy.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.portcullis.proxy.HttpAccessRequest;
import io.portcullis.proxy.impl.ForwardedFor;
import io.portcullis.proxy.impl.UpstreamHeaders;
import io.portcullis.rules.url.RequestUrl;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parsers of what clients send in headers: cookies ({@link HttpAccessRequest#cookie}), {@code Connection} lists
 * and forwarded headers ({@link UpstreamHeaders}, {@link ForwardedFor}). Beyond never throwing: a cookie is found as
 * sent whatever junk precedes it, and the upstream never receives a hop-by-hop header, a header the client listed in
 * {@code Connection}, or anything but the mutators' value for a mutated header.
 */
class CookieAndHeaderFuzzTest {
  private static final RequestUrl URL = new RequestUrl("http", "example.com", "/", null);
  private static final String[] NAMES = {"Connection", "connection", "Upgrade", "Keep-Alive", "TE", "Trailer",
      "Transfer-Encoding", "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate", "Host", "X-User",
      "x-user", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded", "Cookie", "Content-Length",
      "X-Other"};
  private static final List<String> HOP_BY_HOP = List.of("connection", "upgrade", "keep-alive", "te", "trailer",
      "transfer-encoding", "proxy-connection", "proxy-authorization", "proxy-authenticate", "host",
      "content-length");

  @FuzzTest(maxDuration = "10s")
  void aCookieIsFoundAsSentWhateverPrecedesIt(FuzzedDataProvider data) {
    String junk = data.consumeString(200);
    String name = data.consumeString(12);
    String value = data.consumeRemainingAsString();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Cookie", junk);
    HttpAccessRequest request = new HttpAccessRequest("GET", URL, headers, "127.0.0.1", List.of(), "r");
    request.cookie(name);
    if (!isToken(name) || !isCookieValue(value)) {
      return;
    }
    // RFC 6265: a later header or pair may repeat the name; the first well-formed pair wins, so put ours first.
    headers.set("Cookie", name + "=" + value + "; " + junk);
    assertThat(request.cookie(name)).isEqualTo(value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1) : value);
  }

  @FuzzTest(maxDuration = "10s")
  void theUpstreamGetsNoHopByHopListedOrForgedHeader(FuzzedDataProvider data) {
    MultiMap from = MultiMap.caseInsensitiveMultiMap();
    int n = data.consumeInt(0, 12);
    for (int i = 0; i < n; i++) {
      String name = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(12);
      String value = data.consumeString(40);
      if (isToken(name) && value.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
        from.add(name, value);
      }
    }
    boolean trust = data.consumeBoolean();
    String peer = data.consumeString(20);
    Map<String, String> mutated = Map.of("X-User", "subject-" + data.consumeInt());
    MultiMap to = MultiMap.caseInsensitiveMultiMap();
    UpstreamHeaders.copyForUpstream(from, to, trust, peer, "http", "example.com", mutated);
    List<String> listed = from.getAll("Connection").stream().flatMap(v -> List.of(v.split(",")).stream())
        .map(t -> t.trim().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).toList();
    for (String name : to.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      assertThat(HOP_BY_HOP).as("forwarded %s", name).doesNotContain(lower);
      if (!mutated.containsKey(name) && !lower.startsWith("x-forwarded-")) {
        assertThat(listed).as("%s was listed in Connection", name).doesNotContain(lower);
      }
    }
    assertThat(to.getAll("X-User")).containsExactly(mutated.get("X-User"));
    assertThat(to.get("X-Forwarded-For")).endsWith(peer);
    if (!trust) {
      assertThat(to.getAll("X-Forwarded-Proto")).containsExactly("http");
      assertThat(to.getAll("X-Forwarded-Host")).containsExactly("example.com");
      assertThat(to.get("Forwarded")).isNull();
    }
    String client = ForwardedFor.clientOf(from.get("X-Forwarded-For"), peer);
    assertThat(client).isNotNull();
  }

  /** RFC 9110 token characters. */
  private static boolean isToken(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0);
  }

  /** RFC 6265 cookie-octets, optionally in double quotes. */
  private static boolean isCookieValue(String s) {
    String v = s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    return v.chars().allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a)
        || (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e));
  }
}
