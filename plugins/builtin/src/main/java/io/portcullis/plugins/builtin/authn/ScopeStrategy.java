package io.portcullis.plugins.builtin.authn;

import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import java.util.List;
import java.util.Locale;

/**
 * How a granted scope satisfies a required one, with fosite's semantics (Oathkeeper's {@code scope_strategy}).
 * {@code none} checks nothing here: the JWT authenticator then refuses a rule that requires scopes, the introspection
 * authenticator leaves the check to the authorization server.
 */
enum ScopeStrategy {
  /** {@code foo} grants {@code foo}, {@code foo.bar}, {@code foo.bar.baz}; {@code foo.bar} does not grant {@code foo}. */
  HIERARCHIC {
    @Override
    boolean grants(String granted, String required) {
      if (granted.equals(required)) {
        return true;
      }
      if (granted.length() > required.length()) {
        return false;
      }
      String[] wanted = required.split("\\.", -1);
      String[] have = granted.split("\\.", -1);
      for (int k = 0; k < wanted.length; k++) {
        if (have.length - 1 < k) {
          return true;
        }
        if (!have[k].equals(wanted[k])) {
          return false;
        }
      }
      return false;
    }
  },
  /** Only the same string. */
  EXACT {
    @Override
    boolean grants(String granted, String required) {
      return granted.equals(required);
    }
  },
  /**
   * {@code *} stands for one non-empty segment; a trailing {@code *} also for the rest: {@code foo.*} grants
   * {@code foo.bar} and {@code foo.bar.baz}, not {@code foo}.
   */
  WILDCARD {
    @Override
    boolean grants(String granted, String required) {
      String[] wanted = required.split("\\.", -1);
      String[] matcher = granted.split("\\.", -1);
      if (matcher.length > wanted.length) {
        return false;
      }
      for (int k = 0; k < matcher.length; k++) {
        String c = matcher[k];
        if (k == matcher.length - 1 && matcher.length != wanted.length && !c.equals("*")) {
          return false;
        }
        if (c.equals("*") && !wanted[k].isEmpty()) {
          continue;
        }
        if (!c.equals(wanted[k])) {
          return false;
        }
      }
      return true;
    }
  },
  NONE {
    @Override
    boolean grants(String granted, String required) {
      return false;
    }
  };

  abstract boolean grants(String granted, String required);

  /** Whether one of {@code granted} grants {@code required}. */
  boolean grants(List<String> granted, String required) {
    for (String g : granted) {
      if (grants(g, required)) {
        return true;
      }
    }
    return false;
  }

  static ScopeStrategy read(HandlerConfig config) throws ConfigException {
    String value = config.string("scope_strategy", "none");
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "hierarchic" -> HIERARCHIC;
      case "exact" -> EXACT;
      case "wildcard" -> WILDCARD;
      case "none" -> NONE;
      default -> throw new ConfigException(config.field("scope_strategy"), value,
          "one of hierarchic, exact, wildcard, none");
    };
  }
}
