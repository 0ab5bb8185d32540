package io.portcullis.plugins.builtin.remote;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body, the way Go's {@code url.Values.Encode} writes one. */
public final class Form {
  public static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

  private final Map<String, String> fields = new LinkedHashMap<>();

  public Form add(String name, String value) {
    fields.put(name, value);
    return this;
  }

  public byte[] encode() {
    StringBuilder sb = new StringBuilder();
    // Go sorts by key; so do we, so the remote sees the same bytes.
    fields.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(escape(e.getKey())).append('=').append(escape(e.getValue()));
    });
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Go's {@code url.QueryEscape}. */
  public static String escape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
  }

  /** Headers for a form post. */
  public static Map<String, List<String>> headers() {
    return Map.of("Content-Type", List.of(CONTENT_TYPE));
  }
}
