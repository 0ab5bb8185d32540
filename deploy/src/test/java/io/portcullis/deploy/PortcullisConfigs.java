package io.portcullis.deploy;

import io.portcullis.config.ConfigLoader;
import io.portcullis.config.InvalidConfigException;
import io.portcullis.config.LoadedConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads a configuration file the way a deployed node does: with Portcullis' own {@link ConfigLoader} (unknown keys
 * and bad values fail, naming the key) and the container's {@code PORTCULLIS_*} variables on top.
 */
final class PortcullisConfigs {
  /**
   * Variables for keys the clustering and rule-source branches of issue 14 add (roles, cluster membership, the
   * {@code k8s-rules://} repository). Until those are merged the loader refuses them; each is then dropped and
   * reported, never silently. Delete this set once both branches are in: every variable must then load.
   */
  private static final Set<String> AWAITING_MERGE = Set.of("PORTCULLIS_PORTCULLIS_ROLES",
      "PORTCULLIS_PORTCULLIS_CLUSTER_ENABLED", "PORTCULLIS_PORTCULLIS_CLUSTER_HOST",
      "PORTCULLIS_PORTCULLIS_CLUSTER_PORT", "PORTCULLIS_PORTCULLIS_CLUSTER_MEMBERS",
      "PORTCULLIS_PORTCULLIS_CLUSTER_KUBERNETES_SERVICE_DNS", "PORTCULLIS_ACCESS_RULES_REPOSITORIES");

  private PortcullisConfigs() {
  }

  /** The loaded configuration, or null when it does not load (the problem is added). */
  static LoadedConfig load(String where, Path config, Map<String, String> environment, List<String> problems,
      List<String> awaiting) {
    Map<String, String> env = new TreeMap<>(environment);
    env.keySet().removeIf(name -> !name.startsWith(ConfigLoader.ENV_PREFIX));
    while (true) {
      try {
        return ConfigLoader.load(config, env);
      } catch (InvalidConfigException e) {
        String variable = e.path().startsWith("access_rules.repositories")
            ? "PORTCULLIS_ACCESS_RULES_REPOSITORIES" : e.path();
        if (!AWAITING_MERGE.contains(variable) || env.remove(variable) == null) {
          problems.add(where + ": " + config + " with its environment: " + e.getMessage());
          return null;
        }
        awaiting.add(e.getMessage());
      }
    }
  }
}
