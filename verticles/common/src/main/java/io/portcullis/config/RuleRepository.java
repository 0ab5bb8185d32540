package io.portcullis.config;

import java.net.URI;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of {@code access_rules.repositories}, parsed once so that the check at load and the rules role agree.
 * The forms are Oathkeeper's ({@code file://} or a plain path, {@code http(s)://}, {@code inline://BASE64}) and two of
 * Portcullis' own for Kubernetes: {@code k8s-configmap://NAMESPACE/NAME} and {@code k8s-rules://NAMESPACE} (or
 * {@code k8s-rules://*}: every namespace) for Maester's {@code Rule} resources.
 *
 * @param namespace the Kubernetes namespace (null for every namespace, or when not a Kubernetes source)
 * @param name the ConfigMap's name, or null
 */
public record RuleRepository(Kind kind, String location, String namespace, String name) {
  public enum Kind { FILE, HTTP, INLINE, CONFIGMAP, RULES }

  public static final String INLINE = "inline://";
  public static final String CONFIGMAP = "k8s-configmap://";
  public static final String RULES = "k8s-rules://";

  /** Kubernetes' DNS-1123 label (namespaces) and subdomain (object names). */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern SUBDOMAIN = Pattern.compile("(?=.{1,253}$)" + LABEL + "(\\." + LABEL + ")*");
  private static final Set<String> OATHKEEPER_STORAGE = Set.of("s3", "gs", "azblob");

  /** @param path the key's path for messages, e.g. {@code access_rules.repositories[0]} */
  public static RuleRepository parse(String path, String location) {
    if (location.startsWith(INLINE)) {
      try {
        Base64.getDecoder().decode(location.substring(INLINE.length()));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(path, "inline:// must be followed by standard base64 of JSON or YAML rules: "
            + e.getMessage());
      }
      return new RuleRepository(Kind.INLINE, location, null, null);
    }
    if (location.startsWith(CONFIGMAP)) {
      String[] at = location.substring(CONFIGMAP.length()).split("/", -1);
      if (at.length != 2 || !LABEL.matcher(at[0]).matches() || !SUBDOMAIN.matcher(at[1]).matches()) {
        throw new InvalidConfigException(path, "\"" + location + "\": expected k8s-configmap://NAMESPACE/NAME with "
            + "a Kubernetes namespace and ConfigMap name, e.g. k8s-configmap://portcullis/access-rules");
      }
      return new RuleRepository(Kind.CONFIGMAP, location, at[0], at[1]);
    }
    if (location.startsWith(RULES)) {
      String namespace = location.substring(RULES.length());
      if (!namespace.equals("*") && !LABEL.matcher(namespace).matches()) {
        throw new InvalidConfigException(path, "\"" + location + "\": expected k8s-rules://NAMESPACE with a "
            + "Kubernetes namespace, or k8s-rules://* for every namespace");
      }
      return new RuleRepository(Kind.RULES, location, namespace.equals("*") ? null : namespace, null);
    }
    URI uri;
    try {
      uri = URI.create(location);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(path, "\"" + location + "\" is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme();
    if (scheme == null || scheme.equals("file")) {
      return new RuleRepository(Kind.FILE, location, null, null);
    }
    if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
      return new RuleRepository(Kind.HTTP, location, null, null);
    }
    if (OATHKEEPER_STORAGE.contains(scheme)) {
      throw new InvalidConfigException(path, "\"" + location + "\": Oathkeeper's cloud storage scheme " + scheme
          + ":// is not supported; serve the file over https:// (e.g. a pre-signed object URL)");
    }
    throw new InvalidConfigException(path, "\"" + location + "\": expected a file:// URL or path, http(s)://HOST/..., "
        + "inline://BASE64, k8s-configmap://NAMESPACE/NAME or k8s-rules://NAMESPACE");
  }
}
