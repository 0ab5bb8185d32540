package io.portcullis.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The roles a process runs ({@code portcullis.roles}): by default all of them, so one process is the whole stack; on
 * a cluster each Deployment names its own, e.g. {@code [edge]} and {@code [identity, rules]}. {@code edge} is the
 * data path: proxy, session and audit, kept together so sessions are cached where requests arrive.
 */
public enum Role {
  PROXY, SESSION, AUDIT, IDENTITY, RULES;

  static final String PATH = "portcullis.roles";

  /** The default: every role, each still subject to its own switch ({@code identity.enabled}, ...). */
  static final List<String> ALL = List.of("proxy", "session", "audit", "identity", "rules");

  /**
   * The roles named by the configured entries; an entry may itself be a comma-separated list (an environment
   * variable such as {@code PORTCULLIS_PORTCULLIS_ROLES=edge,rules}). Unknown names fail with the key's path.
   */
  public static Set<Role> parse(List<String> entries) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (int i = 0; i < entries.size(); i++) {
      for (String name : entries.get(i).split(",")) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("edge")) {
          roles.addAll(EnumSet.of(PROXY, SESSION, AUDIT));
        } else if (!n.isEmpty()) {
          roles.add(known(PATH + "[" + i + "]", n));
        }
      }
    }
    if (roles.isEmpty()) {
      throw new InvalidConfigException(PATH, "names no role; leave it out for all roles");
    }
    return roles;
  }

  private static Role known(String path, String name) {
    for (Role r : values()) {
      if (r.key().equals(name)) {
        return r;
      }
    }
    throw new InvalidConfigException(path, "\"" + name + "\" is not a role: expected edge (proxy, session and audit), "
        + "proxy, session, audit, identity or rules");
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
