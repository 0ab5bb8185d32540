package io.portcullis.server;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import io.portcullis.config.ClusterConfig;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The Hazelcast setup of a clustered node ({@code portcullis.cluster}), built in code so no XML on the class path can
 * change it: peers from the {@code members} list over TCP-IP, or from a headless Service's DNS records (Hazelcast's
 * Kubernetes discovery in DNS mode, which needs no API access); multicast and auto-detection off, so a node never
 * joins a cluster it was not told about. The event bus binds to the same host, on a free port.
 */
final class ClusteredVertx {
  /** The Hazelcast cluster name: nodes of other products on the same network never merge with ours. */
  static final String CLUSTER_NAME = "portcullis";

  private ClusteredVertx() {
  }

  /** {@code host}, or the default: loopback, except with Kubernetes discovery, where Hazelcast takes the pod's address. */
  static String host(ClusterConfig c) {
    if (!c.host().isBlank()) {
      return c.host();
    }
    return c.kubernetes().serviceDns().isBlank() ? "127.0.0.1" : "";
  }

  static VertxBuilder configure(VertxBuilder builder, VertxOptions options, ClusterConfig c) {
    String host = host(c);
    if (!host.isEmpty()) {
      options.getEventBusOptions().setHost(host).setPort(0);
    }
    return builder.with(options).withClusterManager(new HazelcastClusterManager(hazelcast(c, host)));
  }

  static Config hazelcast(ClusterConfig c, String host) {
    Config hz = new Config().setClusterName(CLUSTER_NAME);
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    // Joining waits for nothing: members are listed or resolved, never discovered by waiting.
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    // A killed member is declared dead within about 5 s, so its rules lock and registrations are freed soon.
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    // The node leaves the cluster itself, after draining (Node.close); Hazelcast's own hook would leave first.
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    NetworkConfig network = hz.getNetworkConfig().setPort(c.port()).setPortAutoIncrement(false);
    if (!host.isEmpty()) {
      hz.setProperty("hazelcast.socket.bind.any", "false");
      network.getInterfaces().setEnabled(true).addInterface(host);
      network.setPublicAddress(host + ":" + c.port());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (c.kubernetes().serviceDns().isBlank()) {
      join.getTcpIpConfig().setEnabled(true).setMembers(c.members().isEmpty() ? java.util.List.of(host + ":" + c.port())
          : c.members());
    } else {
      join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-dns", c.kubernetes().serviceDns())
          .setProperty("service-port", String.valueOf(c.port()));
    }
    // The maps Vert.x keeps its subscriptions and node data in, as in vertx-hazelcast's default-cluster.xml.
    hz.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
        .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    hz.getMapConfig("__vertx.haInfo").setBackupCount(1);
    hz.getMapConfig("__vertx.nodeInfo").setBackupCount(1);
    return hz;
  }
}
