package io.portcullis.plugins.builtin.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 7662 introspection answer, the members Oathkeeper reads. Immutable, so one cached answer serves many
 * requests; {@code ext} is copied into each session.
 */
record IntrospectionResult(boolean active, String subject, String username, List<String> audience, String issuer,
    String clientId, String scope, long expires, String tokenUse, Map<String, Object> ext) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The answer, or null when {@code body} is not a JSON object of the expected shape. */
  static IntrospectionResult parse(byte[] body) {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
    if (n == null || !n.isObject()) {
      return null;
    }
    List<String> aud = new ArrayList<>();
    JsonNode a = n.get("aud");
    if (a != null && a.isTextual()) {
      aud.add(a.asText());
    } else if (a != null && a.isArray()) {
      for (JsonNode x : a) {
        if (!x.isTextual()) {
          return null; // Oathkeeper: only string or []string are allowed
        }
        aud.add(x.asText());
      }
    } else if (a != null && !a.isNull()) {
      return null;
    }
    Map<String, Object> ext = new LinkedHashMap<>();
    JsonNode e = n.get("ext");
    if (e != null && e.isObject()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = JSON.convertValue(e, Map.class);
      ext.putAll(m);
    }
    // Only a JSON true is active: "true" as a string, or anything else, is not (fail closed).
    return new IntrospectionResult(n.path("active").isBoolean() && n.get("active").booleanValue(),
        n.path("sub").asText(""),
        n.path("username").asText(""), List.copyOf(aud), n.path("iss").asText(""), n.path("client_id").asText(""),
        n.path("scope").asText(""), n.path("exp").asLong(0), n.path("token_use").asText(""),
        java.util.Collections.unmodifiableMap(ext));
  }
}
