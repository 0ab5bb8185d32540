package io.portcullis.deploy;

import io.portcullis.config.ConfigLoader;
import io.portcullis.config.InvalidConfigException;
import io.portcullis.config.LoadedConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads a configuration file the way a deployed node does: with Portcullis' own {@link ConfigLoader} (unknown keys
 * and bad values fail, naming the key) and the container's {@code PORTCULLIS_*} variables on top.
 */
final class PortcullisConfigs {
  private PortcullisConfigs() {
  }

  /** The loaded configuration, or null when it does not load (the problem is added). */
  static LoadedConfig load(String where, Path config, Map<String, String> environment, List<String> problems) {
    Map<String, String> env = new TreeMap<>(environment);
    env.keySet().removeIf(name -> !name.startsWith(ConfigLoader.ENV_PREFIX));
    try {
      return ConfigLoader.load(config, env);
    } catch (InvalidConfigException e) {
      problems.add(where + ": " + config + " with its environment: " + e.getMessage());
      return null;
    }
  }
}
