package io.portcullis.config;

import java.util.Set;

/** Checks {@code portcullis.roles} and {@code portcullis.cluster}. */
final class ClusterConfigValidator {
  private ClusterConfigValidator() {
  }

  static void validate(PortcullisConfig.Portcullis p) {
    Set<Role> roles = p.roleSet();
    ClusterConfig c = p.cluster();
    if (c.port() < 1 || c.port() > 65535) {
      throw new InvalidConfigException("portcullis.cluster.port", c.port() + " is not a port: expected 1 to 65535");
    }
    if (!c.host().isBlank() && !c.host().matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw new InvalidConfigException("portcullis.cluster.host", "\"" + c.host() + "\" is not an IP address: "
          + "Hazelcast binds to an interface by its address (on Kubernetes, the pod IP from the downward API)");
    }
    for (int i = 0; i < c.members().size(); i++) {
      member("portcullis.cluster.members[" + i + "]", c.members().get(i));
    }
    if (!c.members().isEmpty() && !c.kubernetes().serviceDns().isBlank()) {
      throw new InvalidConfigException("portcullis.cluster.members", "set either members (TCP-IP) or "
          + "kubernetes.service_dns (Kubernetes discovery), not both");
    }
    if (!c.enabled() && roles.contains(Role.PROXY) && !roles.contains(Role.RULES)) {
      throw new InvalidConfigException(Role.PATH, "a proxy without the rules role gets its rule set from the "
          + "cluster: add rules, or set portcullis.cluster.enabled: true");
    }
    if (p.audit().enabled() && roles.contains(Role.PROXY) && !roles.contains(Role.AUDIT)) {
      throw new InvalidConfigException(Role.PATH, "a proxy hands its audit events to the audit role of its own node: "
          + "add audit (edge is proxy, session and audit)");
    }
  }

  private static void member(String path, String member) {
    int colon = member.lastIndexOf(':');
    String port = colon < 0 ? "" : member.substring(colon + 1);
    if (colon < 1 || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      throw new InvalidConfigException(path, "\"" + member + "\" is not host:port, e.g. 10.0.0.12:5701");
    }
  }
}
