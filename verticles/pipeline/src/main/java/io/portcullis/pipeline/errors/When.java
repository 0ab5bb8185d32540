package io.portcullis.pipeline.errors;

import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code when} conditions of an error handler, with Oathkeeper's semantics: the handler is responsible if any
 * clause matches; a clause matches when the failure is one of its {@code error} names (any, when none are listed) and
 * the request matches its {@code request.header.accept}, {@code request.header.content_type} and
 * {@code request.remote_ip.match} conditions.
 */
public final class When {
  public static final When ALWAYS = new When(List.of());

  private final List<Clause> clauses;

  private When(List<Clause> clauses) {
    this.clauses = clauses;
  }

  public boolean matches(AccessRequest request, PipelineFailure failure) {
    if (clauses.isEmpty()) {
      return true;
    }
    for (Clause c : clauses) {
      if (c.matches(request, failure)) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  public static When parse(HandlerConfig config) throws ConfigException {
    Object raw = config.asMap().get("when");
    if (raw == null) {
      return ALWAYS;
    }
    if (!(raw instanceof List<?> list)) {
      throw new ConfigException(config.field("when"), raw, "a list of conditions");
    }
    List<Clause> clauses = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String field = config.field("when") + "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        throw new ConfigException(field, list.get(i), "an object with error and/or request");
      }
      HandlerConfig clause = new HandlerConfig((Map<String, Object>) m, field + ".");
      clause.requireOnly(java.util.Set.of("error", "request"));
      List<String> errors = clause.stringList("error");
      HandlerConfig request = clause.object("request");
      request.requireOnly(java.util.Set.of("header", "remote_ip"));
      HandlerConfig header = request.object("header");
      header.requireOnly(java.util.Set.of("accept", "content_type"));
      HandlerConfig remote = request.object("remote_ip");
      remote.requireOnly(java.util.Set.of("match", "respect_forwarded_for_header"));
      List<Cidr> cidrs = new ArrayList<>();
      List<String> ranges = remote.stringList("match");
      for (int j = 0; j < ranges.size(); j++) {
        cidrs.add(Cidr.parse(remote.field("match") + "[" + j + "]", ranges.get(j)));
      }
      clauses.add(new Clause(errors, header.stringList("accept"), header.stringList("content_type"), cidrs,
          remote.bool("respect_forwarded_for_header", false)));
    }
    return new When(List.copyOf(clauses));
  }

  private record Clause(List<String> errors, List<String> accept, List<String> contentType, List<Cidr> remoteIp,
      boolean respectForwardedFor) {
    boolean matches(AccessRequest request, PipelineFailure failure) {
      if (!errors.isEmpty() && !errors.contains(failure.errorName())) {
        return false;
      }
      if (!contentType.isEmpty()) {
        String ct = request.header("Content-Type");
        if (!MediaTypes.matches(ct == null || ct.isBlank() ? "application/octet-stream" : ct, contentType)) {
          return false;
        }
      }
      if (!accept.isEmpty()) {
        String a = request.header("Accept");
        if (!MediaTypes.matches(a == null || a.isBlank() ? "application/octet-stream" : a, accept)) {
          return false;
        }
      }
      if (!remoteIp.isEmpty()) {
        List<String> candidates = new ArrayList<>();
        candidates.add(request.remoteAddress());
        if (respectForwardedFor) {
          String xff = request.header("X-Forwarded-For");
          if (xff != null) {
            for (String part : xff.split(",")) {
              candidates.add(part.trim());
            }
          }
        }
        return candidates.stream().anyMatch(ip -> remoteIp.stream().anyMatch(c -> c.contains(ip)));
      }
      return true;
    }
  }

  /** Oathkeeper's accept matching: wildcards on the handler side match, a wildcard request matches only itself. */
  static final class MediaTypes {
    static boolean matches(String requestHeader, List<String> handlerTypes) {
      for (String actualRaw : requestHeader.split(",")) {
        String actual = actualRaw.split(";")[0].trim().toLowerCase(Locale.ROOT);
        for (String matchRaw : handlerTypes) {
          String m = matchRaw.split(";")[0].trim().toLowerCase(Locale.ROOT);
          if (m.equals("*/*") || m.equals(actual)) {
            return true;
          }
          if (m.endsWith("/*") && m.substring(0, m.length() - 2).equals(actual.split("/")[0])) {
            return true;
          }
        }
      }
      return false;
    }
  }

  record Cidr(byte[] network, int bits) {
    static Cidr parse(String field, String text) throws ConfigException {
      int slash = text.indexOf('/');
      try {
        if (slash < 0 || !isIpLiteral(text.substring(0, slash))) {
          throw new ConfigException(field, text, "a CIDR range such as 10.0.0.0/8 or fd00::/8");
        }
        byte[] addr = InetAddress.getByName(text.substring(0, slash)).getAddress();
        int bits = Integer.parseInt(text.substring(slash + 1));
        if (bits < 0 || bits > addr.length * 8) {
          throw new ConfigException(field, text, "a prefix length from 0 to " + addr.length * 8);
        }
        return new Cidr(addr, bits);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new ConfigException(field, text, "a CIDR range such as 10.0.0.0/8 or fd00::/8");
      }
    }

    boolean contains(String ip) {
      if (ip == null || !isIpLiteral(ip)) {
        return false;
      }
      byte[] addr;
      try {
        addr = InetAddress.getByName(ip).getAddress();
      } catch (UnknownHostException e) {
        return false;
      }
      if (addr.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((addr[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    /** Only literals: InetAddress would otherwise resolve names, which must never happen on this path. */
    private static boolean isIpLiteral(String s) {
      return !s.isEmpty() && (s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')));
    }
  }
}
