package io.portcullis.rules;

import java.util.Objects;

/**
 * Where the proxy forwards a request that a rule allowed.
 *
 * @param url absolute http(s) URL; empty (never null) for rules only used through the decisions API
 * @param preserveHost send the client's {@code Host} upstream instead of the upstream URL's host
 * @param stripPath a leading path prefix removed before forwarding; empty when absent
 */
public record Upstream(String url, boolean preserveHost, String stripPath) {

  /** The upstream of a rule that has none: nothing to forward to. */
  public static final Upstream NONE = new Upstream("", false, "");

  public Upstream {
    url = Objects.requireNonNullElse(url, "");
    stripPath = Objects.requireNonNullElse(stripPath, "");
  }
}
