package io.portcullis.plugins.builtin.authn;

import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Where the token is read from: exactly one of header, query_parameter, cookie; default the bearer header. */
record TokenLocation(String header, String queryParameter, String cookie) {
  static TokenLocation of(HandlerConfig config) throws ConfigException {
    if (!config.has("token_from")) {
      return new TokenLocation("Authorization", null, null);
    }
    HandlerConfig t = config.object("token_from");
    t.requireOnly(Set.of("header", "query_parameter", "cookie"));
    TokenLocation l = new TokenLocation(t.string("header", null), t.string("query_parameter", null),
        t.string("cookie", null));
    int set = (l.header != null ? 1 : 0) + (l.queryParameter != null ? 1 : 0) + (l.cookie != null ? 1 : 0);
    if (set != 1) {
      throw new ConfigException(config.field("token_from"), t.toString(),
          "exactly one of header, query_parameter, cookie");
    }
    return l;
  }

  String read(AccessRequest r) {
    if (header != null) {
      String v = r.header(header);
      if (v != null && header.equalsIgnoreCase("Authorization")) {
        return v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).trim() : null;
      }
      return v;
    }
    if (cookie != null) {
      return r.cookie(cookie);
    }
    String q = r.query();
    if (q == null) {
      return null;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      try {
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        if (name.equals(queryParameter)) {
          return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      } catch (IllegalArgumentException malformed) {
        // Go's URL.Query() skips a pair it cannot decode.
      }
    }
    return null;
  }
}
