package io.portcullis.deploy;

import io.portcullis.deploy.Kustomization.Generated;
import io.portcullis.deploy.Kustomization.Rendered;
import io.portcullis.deploy.Yaml.Doc;
import io.portcullis.config.LoadedConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a kustomization deploys, checked as a whole: every name one object uses of another resolves (ConfigMaps,
 * Secrets, ServiceAccounts, Roles, Services and their named ports, the targets of HPAs, PDBs and NetworkPolicies),
 * pods run hardened with requests and limits, Portcullis' pods have a CPU limit, probe {@code /health/*} and load
 * their configuration with their environment, rule files and Rule resources parse and compile against that
 * configuration, and Rules satisfy the CRD's schema.
 */
final class RenderedChecks {
  private static final String PORTCULLIS = "portcullis";

  private final Rendered rendered;
  private final List<String> problems;
  private final Map<String, Map<String, String>> documentedSecrets;
  private final String namespace;
  private final RuleSets rules;
  /** One configuration per file in use (the variables change roles and addresses, not which handlers are on). */
  private final Map<Path, LoadedConfig> configs = new LinkedHashMap<>();

  private RenderedChecks(Rendered rendered, List<String> problems) {
    this.rendered = rendered;
    this.problems = problems;
    this.rules = new RuleSets(problems);
    this.documentedSecrets = OperatorSecrets.documentedIn(rendered.files());
    this.namespace = rendered.objects().stream().map(d -> Yaml.string(d.body(), "metadata.namespace"))
        .filter(Objects::nonNull).findFirst().orElse("default");
  }

  static void check(Rendered rendered, List<String> problems) {
    new RenderedChecks(rendered, problems).run();
  }

  private void run() {
    Set<String> seen = new HashSet<>();
    List<CrdSchema> crds = rendered.objects().stream()
        .filter(d -> d.kind().equals("apiextensions.k8s.io/v1/CustomResourceDefinition")).map(CrdSchema::of).toList();
    for (Doc doc : rendered.objects()) {
      if (!seen.add(doc.kind() + " " + Yaml.string(doc.body(), "metadata.namespace") + "/" + doc.name())) {
        problems.add(doc.where() + ": " + doc.kind() + " " + doc.name() + " is defined twice");
      }
      switch (String.valueOf(doc.body().get("kind"))) {
        case "Deployment", "StatefulSet" -> workload(doc);
        case "Service" -> service(doc);
        case "Ingress" -> ingress(doc);
        case "HorizontalPodAutoscaler" -> exists(doc, String.valueOf(Yaml.at(doc.body(), "spec.scaleTargetRef.kind")),
            Yaml.string(doc.body(), "spec.scaleTargetRef.name"));
        case "PodDisruptionBudget" -> selectsPods(doc, Yaml.map(Yaml.at(doc.body(), "spec.selector.matchLabels")));
        case "NetworkPolicy" -> networkPolicy(doc);
        case "RoleBinding" -> roleBinding(doc);
        case "Rule" -> rule(doc, crds);
        case "ServiceMonitor", "VMServiceScrape" -> scrape(doc);
        default -> {
        }
      }
    }
    Generated ruleFiles = rendered.configMaps().get("portcullis-rules");
    if (ruleFiles != null) {
      ruleFiles.files().values().forEach(rules::addFile);
    }
    configs.values().forEach(config -> rules.compile(rendered.dir().toString(), config));
  }

  private void workload(Doc doc) {
    Map<String, Object> pod = Yaml.map(Yaml.at(doc.body(), "spec.template.spec"));
    if (!Boolean.TRUE.equals(Yaml.at(pod, "securityContext.runAsNonRoot"))
        || !"RuntimeDefault".equals(Yaml.at(pod, "securityContext.seccompProfile.type"))) {
      problems.add(doc.where() + ": " + doc.name() + " must run with runAsNonRoot: true and seccomp RuntimeDefault");
    }
    String account = (String) pod.get("serviceAccountName");
    if (account != null) {
      exists(doc, "ServiceAccount", account);
    }
    Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
    for (Map<String, Object> v : Yaml.maps(pod.get("volumes"))) {
      volumes.put(String.valueOf(v.get("name")), v);
      if (v.containsKey("configMap")) {
        configMap(doc, Yaml.string(v, "configMap.name"));
      }
      if (v.containsKey("secret")) {
        secretKey(doc.where(), Yaml.string(v, "secret.secretName"), null);
      }
    }
    Set<String> claims = new HashSet<>();
    Yaml.maps(Yaml.at(doc.body(), "spec.volumeClaimTemplates"))
        .forEach(c -> claims.add(Yaml.string(c, "metadata.name")));
    for (Map<String, Object> c : Yaml.maps(pod.get("containers"))) {
      String where = doc.where() + ": " + doc.name() + " container " + c.get("name");
      container(where, c, volumes.keySet(), claims);
      if (PORTCULLIS.equals(c.get("name"))) {
        portcullis(where, c, volumes);
      }
    }
  }

  private void container(String where, Map<String, Object> c, Set<String> volumes, Set<String> claims) {
    if (!Boolean.FALSE.equals(Yaml.at(c, "securityContext.allowPrivilegeEscalation"))
        || !Yaml.strings(Yaml.at(c, "securityContext.capabilities.drop")).contains("ALL")) {
      problems.add(where + ": needs allowPrivilegeEscalation: false and capabilities drop [ALL]");
    }
    for (String r : List.of("requests.cpu", "requests.memory", "limits.memory")) {
      if (Yaml.at(c, "resources." + r) == null) {
        problems.add(where + ": lacks resources." + r);
      }
    }
    for (Map<String, Object> m : Yaml.maps(c.get("volumeMounts"))) {
      if (!volumes.contains(String.valueOf(m.get("name"))) && !claims.contains(String.valueOf(m.get("name")))) {
        problems.add(where + ": mounts volume " + m.get("name") + ", which the pod does not declare");
      }
    }
    Set<String> ports = new HashSet<>();
    Yaml.maps(c.get("ports")).forEach(p -> ports.add(String.valueOf(p.get("name"))));
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      Object port = Yaml.at(c, probe + ".httpGet.port");
      port = port == null ? Yaml.at(c, probe + ".tcpSocket.port") : port;
      if (port instanceof String name && !ports.contains(name)) {
        problems.add(where + ": " + probe + " uses port " + name + ", which the container does not name");
      }
    }
    for (Map<String, Object> e : Yaml.maps(c.get("env"))) {
      if (Yaml.at(e, "valueFrom.secretKeyRef") != null) {
        secretKey(where, Yaml.string(e, "valueFrom.secretKeyRef.name"), Yaml.string(e, "valueFrom.secretKeyRef.key"));
      }
    }
  }

  /** The hardened root filesystem, the health probes, and the configuration loaded as the node will load it. */
  private void portcullis(String where, Map<String, Object> c, Map<String, Map<String, Object>> volumes) {
    if (!Boolean.TRUE.equals(Yaml.at(c, "securityContext.readOnlyRootFilesystem"))) {
      problems.add(where + ": needs readOnlyRootFilesystem: true");
    }
    if (Yaml.at(c, "resources.limits.cpu") == null) {
      problems.add(where + ": lacks resources.limits.cpu (the JVM sizes its threads and buffers by it)");
    }
    if (!"/health/alive".equals(Yaml.at(c, "livenessProbe.httpGet.path"))
        || !"/health/ready".equals(Yaml.at(c, "readinessProbe.httpGet.path"))) {
      problems.add(where + ": needs a liveness probe on /health/alive and a readiness probe on /health/ready");
    }
    List<String> args = Yaml.strings(c.get("args"));
    int flag = args.indexOf("--config");
    if (flag < 0 || flag + 1 >= args.size()) {
      problems.add(where + ": args name no --config file");
      return;
    }
    Path config = Path.of(args.get(flag + 1));
    Map<String, Object> mount = Yaml.maps(c.get("volumeMounts")).stream()
        .filter(m -> config.getParent().equals(Path.of(String.valueOf(m.get("mountPath"))))).findFirst().orElse(null);
    Generated map = mount == null ? null
        : rendered.configMaps().get(Yaml.string(volumes.get(String.valueOf(mount.get("name"))), "configMap.name"));
    Path file = map == null ? null : map.files().get(config.getFileName().toString());
    if (file == null) {
      problems.add(where + ": --config " + config + " is not a file of a generated ConfigMap mounted there");
      return;
    }
    Map<String, String> env = ContainerEnvironment.of(where, Yaml.maps(c.get("env")), namespace, this::secretValue,
        problems);
    LoadedConfig loaded = PortcullisConfigs.load(where, file, env, problems);
    if (loaded != null) {
      configs.putIfAbsent(file, loaded);
    }
  }

  private void service(Doc doc) {
    Map<String, Object> selector = Yaml.map(Yaml.at(doc.body(), "spec.selector"));
    List<Map<String, Object>> pods = selectsPods(doc, selector);
    for (Map<String, Object> port : Yaml.maps(Yaml.at(doc.body(), "spec.ports"))) {
      if (port.get("targetPort") instanceof String name
          && pods.stream().noneMatch(pod -> podPorts(pod).contains(name))) {
        problems.add(doc.where() + ": Service " + doc.name() + " targets port " + name
            + ", which no selected container names");
      }
    }
  }

  /** A ServiceMonitor or VMServiceScrape selects Services (by their labels) that have each port it scrapes. */
  private void scrape(Doc doc) {
    Map<String, Object> selector = Yaml.map(Yaml.at(doc.body(), "spec.selector.matchLabels"));
    List<Doc> services = rendered.objects().stream().filter(d -> "Service".equals(d.body().get("kind")))
        .filter(d -> Yaml.map(Yaml.at(d.body(), "metadata.labels")).entrySet().containsAll(selector.entrySet()))
        .toList();
    if (services.isEmpty()) {
      problems.add(doc.where() + ": " + doc.name() + " selects no Service with labels " + selector);
    }
    for (Map<String, Object> endpoint : Yaml.maps(Yaml.at(doc.body(), "spec.endpoints"))) {
      for (Doc service : services) {
        if (Yaml.maps(Yaml.at(service.body(), "spec.ports")).stream()
            .noneMatch(p -> Objects.equals(endpoint.get("port"), p.get("name")))) {
          problems.add(doc.where() + ": " + doc.name() + " scrapes port " + endpoint.get("port") + " of Service "
              + service.name() + ", which has no such port");
        }
      }
    }
  }

  private void ingress(Doc doc) {
    for (Map<String, Object> rule : Yaml.maps(Yaml.at(doc.body(), "spec.rules"))) {
      for (Map<String, Object> path : Yaml.maps(Yaml.at(rule, "http.paths"))) {
        String service = Yaml.string(path, "backend.service.name");
        String port = Yaml.string(path, "backend.service.port.name");
        Doc target = find("Service", service);
        if (target == null) {
          problems.add(doc.where() + ": Ingress " + doc.name() + " sends " + rule.get("host") + " to Service "
              + service + ", which does not exist");
        } else if (port != null && Yaml.maps(Yaml.at(target.body(), "spec.ports")).stream()
            .noneMatch(p -> port.equals(p.get("name")))) {
          problems.add(doc.where() + ": Ingress " + doc.name() + " uses port " + port + " of Service " + service
              + ", which has no such port");
        }
      }
    }
  }

  private void networkPolicy(Doc doc) {
    List<Map<String, Object>> pods = selectsPods(doc, Yaml.map(Yaml.at(doc.body(), "spec.podSelector.matchLabels")));
    for (Map<String, Object> rule : Yaml.maps(Yaml.at(doc.body(), "spec.ingress"))) {
      for (Map<String, Object> port : Yaml.maps(rule.get("ports"))) {
        if (port.get("port") instanceof String name && pods.stream().noneMatch(pod -> podPorts(pod).contains(name))) {
          problems.add(doc.where() + ": NetworkPolicy " + doc.name() + " admits port " + name
              + ", which no selected container names");
        }
      }
    }
  }

  private void roleBinding(Doc doc) {
    exists(doc, Yaml.string(doc.body(), "roleRef.kind"), Yaml.string(doc.body(), "roleRef.name"));
    Yaml.maps(doc.body().get("subjects")).forEach(s -> exists(doc, String.valueOf(s.get("kind")),
        String.valueOf(s.get("name"))));
  }

  private void rule(Doc doc, List<CrdSchema> crds) {
    CrdSchema schema = crds.stream().filter(c -> c.governs(doc)).findFirst().orElse(null);
    if (schema == null) {
      problems.add(doc.where() + ": Rule " + doc.name() + " has no CustomResourceDefinition in this kustomization");
    } else {
      schema.validate(doc.body()).forEach(p -> problems.add(doc.where() + ": Rule " + doc.name() + ": " + p));
    }
    rules.add(doc.where(), new org.yaml.snakeyaml.Yaml().dump(doc.body()));
  }

  /** The pod templates a selector picks; none is a problem (a typo in a label selects nothing, silently). */
  private List<Map<String, Object>> selectsPods(Doc doc, Map<String, Object> selector) {
    List<Map<String, Object>> pods = rendered.objects().stream()
        .filter(d -> d.body().get("kind").equals("Deployment") || d.body().get("kind").equals("StatefulSet"))
        .map(d -> Yaml.map(Yaml.at(d.body(), "spec.template")))
        .filter(t -> Yaml.map(Yaml.at(t, "metadata.labels")).entrySet().containsAll(selector.entrySet())).toList();
    if (pods.isEmpty()) {
      problems.add(doc.where() + ": " + doc.body().get("kind") + " " + doc.name() + " selects no pods with "
          + selector);
    }
    return pods;
  }

  private static Set<String> podPorts(Map<String, Object> template) {
    Set<String> names = new HashSet<>();
    Yaml.maps(Yaml.at(template, "spec.containers")).forEach(c -> Yaml.maps(c.get("ports"))
        .forEach(p -> names.add(String.valueOf(p.get("name")))));
    return names;
  }

  private Doc find(String kind, String name) {
    return rendered.objects().stream().filter(d -> kind.equals(d.body().get("kind")) && name.equals(d.name()))
        .findFirst().orElse(null);
  }

  private void exists(Doc doc, String kind, String name) {
    if (find(kind, name) == null) {
      problems.add(doc.where() + ": " + doc.name() + " refers to " + kind + " " + name + ", which does not exist");
    }
  }

  private void configMap(Doc doc, String name) {
    if (!rendered.configMaps().containsKey(name) && find("ConfigMap", name) == null) {
      problems.add(doc.where() + ": " + doc.name() + " mounts ConfigMap " + name + ", which does not exist");
    }
  }

  private void secretKey(String where, String name, String key) {
    if (secretValue(name, key) == null) {
      problems.add(where + ": Secret " + name + (key == null ? "" : " key " + key)
          + " is neither generated here nor documented as created by the operator (kubectl create secret generic "
          + name + " --from-literal=...) in the comments of " + rendered.dir().resolve("kustomization.yaml")
          + " or of its bases");
    }
  }

  /** A generated Secret's literal, or the sample value of the command the kustomization documents; null if none. */
  private String secretValue(String name, String key) {
    Generated generated = rendered.secrets().get(name);
    Map<String, String> values = generated != null ? generated.literals() : documentedSecrets.get(name);
    if (values == null) {
      return null;
    }
    return key == null ? "" : values.get(key);
  }
}
