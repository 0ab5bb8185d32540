package io.portcullis.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code selfservice.methods.webauthn.config} and {@code selfservice.methods.passkey.config}, typed: the relying party
 * and, for {@code webauthn}, whether security keys are a first factor ({@code passwordless}). Kratos keeps these keys
 * as a free map; this reads them from {@link IdentityConfig.Method#config()} and checks them with their key paths.
 *
 * @param rpId the relying party id (a registrable domain such as {@code localhost.com})
 * @param displayName the relying party name authenticators show
 * @param origins the origins a browser may run the ceremony on; as Kratos: {@code rp.origins}, else {@code rp.origin}
 *     (webauthn only), else {@code <scheme of the public URL>://<rp id>}
 * @param passwordless webauthn only: security keys log in without a password (false: a second factor)
 */
public record WebAuthnConfig(String rpId, String displayName, List<String> origins, boolean passwordless) {
  private static final String P = "portcullis.identity.selfservice.methods.";

  public WebAuthnConfig {
    origins = List.copyOf(origins);
  }

  /**
   * The configuration of {@code method} ({@code webauthn} or {@code passkey}).
   *
   * @param publicScheme the scheme of {@code serve.public.base_url}, for the default origin
   * @throws InvalidConfigException naming the key path of a missing or malformed value
   */
  public static WebAuthnConfig of(String method, IdentityConfig.Method m, String publicScheme) {
    String path = P + method + ".config";
    Map<String, Object> config = m.config();
    for (String key : config.keySet()) {
      if (!key.equals("rp") && !(method.equals("webauthn") && key.equals("passwordless"))) {
        throw new InvalidConfigException(path + "." + key, "is not a key of " + method + " (expected rp"
            + (method.equals("webauthn") ? " or passwordless)" : ")"));
      }
    }
    Object rawRp = config.get("rp");
    if (!(rawRp instanceof Map<?, ?> rp)) {
      throw new InvalidConfigException(path + ".rp", "is required when " + method + " is enabled (expected an object "
          + "with id, display_name and origins)");
    }
    for (Object key : rp.keySet()) {
      if (!List.of("id", "display_name", "origins", "origin").contains(String.valueOf(key))
          || (method.equals("passkey") && "origin".equals(key))) {
        throw new InvalidConfigException(path + ".rp." + key, "is not a key of rp (expected id, display_name, "
            + (method.equals("webauthn") ? "origins or origin)" : "origins)"));
      }
    }
    String id = text(path + ".rp.id", rp.get("id"));
    if (id.contains("/") || id.contains(":")) {
      throw new InvalidConfigException(path + ".rp.id", "\"" + id + "\" is not a domain (expected a host name "
          + "such as example.com, without scheme or port)");
    }
    String name = text(path + ".rp.display_name", rp.get("display_name"));
    List<String> origins = new ArrayList<>();
    Object list = rp.get("origins");
    if (list != null) {
      if (!(list instanceof List<?> l) || l.isEmpty()) {
        throw new InvalidConfigException(path + ".rp.origins", "must be a non-empty list of origins");
      }
      for (int i = 0; i < l.size(); i++) {
        origins.add(origin(path + ".rp.origins[" + i + "]", l.get(i)));
      }
    } else if (rp.get("origin") != null) {
      origins.add(origin(path + ".rp.origin", rp.get("origin")));
    } else {
      origins.add(publicScheme + "://" + id);
    }
    Object pl = config.get("passwordless");
    if (pl != null && !(pl instanceof Boolean)) {
      throw new InvalidConfigException(path + ".passwordless", "\"" + pl + "\" is not a boolean");
    }
    return new WebAuthnConfig(id, name, origins, Boolean.TRUE.equals(pl));
  }

  private static String text(String path, Object v) {
    if (!(v instanceof String s) || s.isBlank()) {
      throw new InvalidConfigException(path, "is required (a non-empty string)" + (v == null ? "" : ", got " + v));
    }
    return s;
  }

  /** An origin as browsers send it in clientDataJSON: scheme, host and port, nothing else. */
  private static String origin(String path, Object v) {
    String s = text(path, v);
    try {
      URI u = new URI(s);
      boolean bare = u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/");
      if (u.getScheme() == null || u.getHost() == null || !bare || u.getRawQuery() != null
          || u.getRawFragment() != null) {
        throw new InvalidConfigException(path, "\"" + s + "\" is not an origin (expected scheme://host[:port], "
            + "e.g. https://auth.example.com)");
      }
      return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    } catch (java.net.URISyntaxException e) {
      throw new InvalidConfigException(path, "\"" + s + "\" is not a URL: " + e.getMessage());
    }
  }
}
