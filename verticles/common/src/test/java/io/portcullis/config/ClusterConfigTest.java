package io.portcullis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigTest {
  @TempDir
  Path dir;

  private PortcullisConfig.Portcullis load(String yaml, Map<String, String> env) throws Exception {
    Path f = dir.resolve("config.yml");
    Files.writeString(f, yaml);
    return ConfigLoader.load(f, env).config().portcullis();
  }

  @Test
  void byDefaultOneProcessRunsEveryRoleWithoutACluster() {
    PortcullisConfig.Portcullis p = ConfigLoader.load(null, Map.of()).config().portcullis();
    assertThat(p.roleSet()).isEqualTo(EnumSet.allOf(Role.class));
    assertThat(p.cluster().enabled()).isFalse();
    assertThat(p.cluster().port()).isEqualTo(5701);
    assertThat(p.cluster().members()).isEmpty();
    assertThat(p.cluster().kubernetes().serviceDns()).isEmpty();
  }

  @Test
  void edgeIsProxySessionAndAuditAndRolesComeFromTheEnvironmentAsAList() throws Exception {
    assertThat(load("portcullis: {roles: [edge], cluster: {enabled: true}}\n", Map.of()).roleSet())
        .containsExactlyInAnyOrder(Role.PROXY, Role.SESSION, Role.AUDIT);
    PortcullisConfig.Portcullis env = load("portcullis: {cluster: {enabled: true}}\n", Map.of(
        "PORTCULLIS_PORTCULLIS_ROLES", "edge,rules",
        "PORTCULLIS_PORTCULLIS_CLUSTER_MEMBERS", "[10.0.0.1:5701, 10.0.0.2:5701]",
        "PORTCULLIS_PORTCULLIS_CLUSTER_KUBERNETES_SERVICE_DNS", ""));
    assertThat(env.roleSet()).containsExactlyInAnyOrder(Role.PROXY, Role.SESSION, Role.AUDIT, Role.RULES);
    assertThat(env.cluster().members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    assertThat(load("portcullis: {roles: identity}\n", Map.of()).roleSet()).containsExactly(Role.IDENTITY);
  }

  @Test
  void unknownRolesAndBadClusterValuesFailWithTheirPath() {
    assertThatThrownBy(() -> load("portcullis: {roles: [edge, proxies]}\n", Map.of()))
        .hasMessageStartingWith("portcullis.roles[1]: \"proxies\" is not a role: expected edge");
    assertThatThrownBy(() -> load("portcullis: {roles: []}\n", Map.of()))
        .hasMessageStartingWith("portcullis.roles: names no role");
    assertThatThrownBy(() -> load("portcullis: {roles: [edge]}\n", Map.of()))
        .hasMessageStartingWith("portcullis.roles: a proxy without the rules role gets its rule set from the cluster");
    assertThatThrownBy(() -> load("portcullis: {cluster: {members: [\"10.0.0.1\"]}}\n", Map.of()))
        .hasMessage("portcullis.cluster.members[0]: \"10.0.0.1\" is not host:port, e.g. 10.0.0.12:5701");
    assertThatThrownBy(() -> load("portcullis: {cluster: {port: 0}}\n", Map.of()))
        .hasMessageStartingWith("portcullis.cluster.port: 0 is not a port");
    assertThatThrownBy(() -> load("portcullis: {cluster: {members: [\"a:1\"], kubernetes: {service_dns: x}}}\n",
        Map.of())).hasMessageStartingWith("portcullis.cluster.members: set either members");
    assertThatThrownBy(() -> load("portcullis: {cluster: {host: pod.local}}\n", Map.of()))
        .hasMessageStartingWith("portcullis.cluster.host: \"pod.local\" is not an IP address");
    assertThatThrownBy(() -> load("portcullis: {roles: [proxy, rules], audit: {enabled: true, bootstrap_servers: k:1}}\n",
        Map.of())).hasMessageStartingWith("portcullis.roles: a proxy hands its audit events to the audit role");
    assertThatThrownBy(() -> load("portcullis: {cluster: {hosts: []}}\n", Map.of()))
        .hasMessageStartingWith("portcullis.cluster.hosts: unknown key");
  }
}
