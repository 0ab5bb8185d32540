package io.portcullis.rules.url;

import io.portcullis.rules.url.InvalidRequestUrlException;
import java.util.Locale;

/**
 * Canonical {@code host[:port]} for matching (see {@link io.portcullis.rules.url.UrlNormalizer}): one spelling per host,
 * so a rule written for {@code example.com} cannot be sidestepped with {@code Example.COM:80} or {@code example.com.},
 * and nothing but host characters can reach a URL pattern.
 */
final class HostNormalizer {

  /**
   * The last host normalized, and its spelling: clients of one proxy send the same few Host headers over and over,
   * so most requests are answered by two comparisons. Immutable and replaced whole, so any thread may read it.
   */
  private record Last(String authority, String scheme, String host) {
  }

  private static Last last = new Last("", "", "");

  private HostNormalizer() {}

  public static String normalize(String authority, String scheme) throws InvalidRequestUrlException {
    Last seen = last;
    if (seen.authority.equals(authority) && seen.scheme.equals(scheme)) {
      return seen.host;
    }
    String host = spell(authority, scheme);
    last = new Last(authority, scheme, host);
    return host;
  }

  private static String spell(String authority, String scheme) throws InvalidRequestUrlException {
    if (authority == null || authority.isEmpty()) {
      throw new InvalidRequestUrlException("missing host");
    }
    String lower = authority.toLowerCase(Locale.ROOT);
    if (lower.indexOf('@') >= 0) {
      throw new InvalidRequestUrlException("user info in the host is not allowed");
    }
    int portStart;
    String host;
    if (lower.startsWith("[")) {
      int close = lower.indexOf(']');
      if (close < 0 || !isIpv6(lower.substring(1, close))) {
        throw invalid(authority);
      }
      host = lower.substring(0, close + 1);
      portStart = close + 1;
    } else {
      portStart = lower.indexOf(':');
      host = dnsName(portStart < 0 ? lower : lower.substring(0, portStart), authority);
      portStart = portStart < 0 ? lower.length() : portStart;
    }
    String port = port(lower.substring(portStart), authority);
    boolean defaultPort =
        (port.equals("80") && scheme.equals("http")) || (port.equals("443") && scheme.equals("https"));
    return port.isEmpty() || defaultPort ? host : host + ":" + port;
  }

  private static String dnsName(String name, String authority) throws InvalidRequestUrlException {
    String host = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    // "a.." would be "a.", another spelling of "a": an empty label anywhere is refused.
    if (host.isEmpty() || host.startsWith(".") || host.endsWith(".") || host.contains("..")) {
      throw invalid(authority);
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && "-._~".indexOf(c) < 0) {
        throw invalid(authority);
      }
    }
    return host;
  }

  private static boolean isIpv6(String address) {
    if (address.isEmpty() || address.indexOf(':') < 0) {
      return false;
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f') && c != ':' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** The port without leading zeros, or empty when there is none. */
  private static String port(String suffix, String authority) throws InvalidRequestUrlException {
    if (suffix.isEmpty()) {
      return "";
    }
    String digits = suffix.substring(1);
    if (suffix.charAt(0) != ':' || digits.isEmpty() || digits.length() > 5) {
      throw invalid(authority);
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        throw invalid(authority);
      }
    }
    int port = Integer.parseInt(digits);
    if (port < 1 || port > 65535) {
      throw invalid(authority);
    }
    return Integer.toString(port);
  }

  private static InvalidRequestUrlException invalid(String authority) {
    return new InvalidRequestUrlException("invalid host \"" + authority + "\"");
  }
}
