package io.portcullis.deploy;

import io.portcullis.config.LoadedConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A compose file: known keys only, every service it depends on and every named volume and network declared, every
 * bind-mounted file present; Portcullis' services load their configuration with their environment (at the path the
 * image's CMD names) and the rule directories bound into them parse and compile against it.
 */
final class ComposeChecks {
  private static final Set<String> TOP_LEVEL = Set.of("name", "services", "volumes", "networks");
  private static final Set<String> SERVICE_KEYS = Set.of("image", "build", "command", "environment", "ports",
      "volumes", "depends_on", "healthcheck", "read_only", "user", "cap_drop", "security_opt", "tmpfs",
      "stop_grace_period", "restart", "networks");

  private ComposeChecks() {
  }

  /** Returns the files the compose file refers to. */
  static Set<Path> check(Path compose, Path configInImage, List<String> problems) {
    Map<String, Object> file = Yaml.documents(compose).get(0).body();
    Set<Path> used = new java.util.LinkedHashSet<>(List.of(compose));
    file.keySet().stream().filter(k -> !TOP_LEVEL.contains(k) && !k.startsWith("x-"))
        .forEach(k -> problems.add(compose + ": unknown top-level key " + k));
    Map<String, Object> services = Yaml.map(file.get("services"));
    Map<String, Object> volumes = Yaml.map(file.get("volumes"));
    Map<String, Object> networks = Yaml.map(file.get("networks"));
    for (Map.Entry<String, Object> e : services.entrySet()) {
      String where = compose + ": service " + e.getKey();
      Map<String, Object> service = Yaml.map(e.getValue());
      service.keySet().stream().filter(k -> !SERVICE_KEYS.contains(k))
          .forEach(k -> problems.add(where + ": unknown key " + k));
      Yaml.map(service.get("depends_on")).keySet().stream().filter(d -> !services.containsKey(d))
          .forEach(d -> problems.add(where + ": depends on " + d + ", which is not a service"));
      Yaml.map(service.get("networks")).keySet().stream().filter(n -> !networks.containsKey(n))
          .forEach(n -> problems.add(where + ": joins network " + n + ", which the file does not declare"));
      Map<String, Path> binds = new LinkedHashMap<>();
      for (String volume : Yaml.strings(service.get("volumes"))) {
        String[] parts = volume.split(":");
        if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
          Path source = compose.getParent().resolve(parts[0]).normalize();
          if (!Files.exists(source)) {
            problems.add(where + ": mounts " + parts[0] + ", which does not exist (" + source + ")");
          }
          binds.put(parts[1], source);
        } else if (!volumes.containsKey(parts[0])) {
          problems.add(where + ": uses volume " + parts[0] + ", which the file does not declare");
        }
      }
      binds.values().forEach(p -> used.addAll(files(p)));
      if (String.valueOf(service.get("image")).startsWith("portcullis")) {
        portcullis(where, service, binds, configInImage, problems);
      }
    }
    return used;
  }

  private static void portcullis(String where, Map<String, Object> service, Map<String, Path> binds,
      Path configInImage, List<String> problems) {
    Path config = binds.get(configInImage.toString());
    if (config == null) {
      problems.add(where + ": nothing is mounted at " + configInImage + ", the configuration the image reads");
      return;
    }
    Map<String, String> env = new LinkedHashMap<>();
    Yaml.map(service.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
    LoadedConfig loaded = PortcullisConfigs.load(where, config, env, problems);
    // A directory bound into a Portcullis container is a rule repository.
    RuleSets rules = new RuleSets(problems);
    binds.values().stream().filter(Files::isDirectory).flatMap(d -> files(d).stream()).forEach(rules::addFile);
    if (loaded != null) {
      rules.compile(where, loaded);
    }
  }

  private static List<Path> files(Path p) {
    if (!Files.isDirectory(p)) {
      return List.of(p);
    }
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).map(Path::normalize).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
