package io.portcullis.config;

import java.util.List;

/**
 * {@code portcullis.cluster}: whether this process joins a clustered event bus (Hazelcast) with its peers.
 *
 * @param host the address Hazelcast and the event bus bind to and advertise; default {@code 127.0.0.1}, and this
 *     host's address when {@code kubernetes.service_dns} is set (the pod IP)
 * @param port Hazelcast's member port; the event bus takes a free port on the same host
 * @param members {@code host:port} of the peers to join over TCP-IP (a static list; loopback in tests)
 * @param kubernetes discovery of the peers through a headless Service, instead of {@code members}
 */
public record ClusterConfig(Boolean enabled, String host, Integer port, List<String> members, Kubernetes kubernetes) {
  public ClusterConfig {
    enabled = enabled != null && enabled;
    kubernetes = kubernetes == null ? new Kubernetes(null) : kubernetes;
    host = host == null ? "" : host;
    port = port == null ? 5701 : port;
    members = members == null ? List.of() : List.copyOf(members);
  }

  /**
   * @param serviceDns the headless Service's DNS name ({@code portcullis-cluster.ns.svc.cluster.local}); when set,
   *     Hazelcast finds its peers by resolving it (its Kubernetes discovery in DNS mode, no RBAC needed)
   */
  public record Kubernetes(String serviceDns) {
    public Kubernetes {
      serviceDns = serviceDns == null ? "" : serviceDns;
    }
  }
}
