package io.portcullis.deploy;

import io.portcullis.config.ConfigLoader;
import io.portcullis.config.InvalidConfigException;
import io.portcullis.config.LoadedConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads a configuration file the way a deployed node does: with Portcullis' own {@link ConfigLoader} (unknown keys
 * and bad values fail, naming the key) and the container's {@code PORTCULLIS_*} variables on top.
 */
final class PortcullisConfigs {
  private PortcullisConfigs() {
  }

  /** The loaded configuration, or null when it does not load (the problem is added). */
  static LoadedConfig load(String where, Path config, Map<String, String> environment, List<String> problems) {
    try {
      // The loader reads only the PORTCULLIS_* variables; the container's others pass through untouched.
      return ConfigLoader.load(config, environment);
    } catch (InvalidConfigException e) {
      problems.add(where + ": " + config + " with its environment: " + e.getMessage());
      return null;
    }
  }
}
