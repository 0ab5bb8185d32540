package io.portcullis.deploy;

import io.portcullis.deploy.Yaml.Doc;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Each object on its own: a kind these manifests may use, with the fields the API server requires of it, and a name
 * it accepts. What refers to what across objects is {@link RenderedChecks}' job.
 */
final class KubernetesObjects {
  /** apiVersion/kind to the fields it must have (dotted paths; {@code a[].b}: every item of list a has b). */
  static final Map<String, List<String>> REQUIRED = Map.ofEntries(
      Map.entry("v1/ServiceAccount", List.of()),
      Map.entry("v1/ConfigMap", List.of()),
      Map.entry("v1/Secret", List.of()),
      Map.entry("v1/Service", List.of("spec.selector", "spec.ports", "spec.ports[].port", "spec.ports[].name")),
      Map.entry("apps/v1/Deployment", List.of("spec.selector.matchLabels", "spec.template.metadata.labels",
          "spec.template.spec.containers", "spec.template.spec.containers[].name",
          "spec.template.spec.containers[].image")),
      Map.entry("apps/v1/StatefulSet", List.of("spec.serviceName", "spec.selector.matchLabels",
          "spec.template.metadata.labels", "spec.template.spec.containers", "spec.template.spec.containers[].name",
          "spec.template.spec.containers[].image")),
      Map.entry("rbac.authorization.k8s.io/v1/Role", List.of("rules", "rules[].apiGroups", "rules[].resources",
          "rules[].verbs")),
      Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", List.of("roleRef.apiGroup", "roleRef.kind",
          "roleRef.name", "subjects", "subjects[].kind", "subjects[].name")),
      Map.entry("autoscaling/v2/HorizontalPodAutoscaler", List.of("spec.scaleTargetRef.apiVersion",
          "spec.scaleTargetRef.kind", "spec.scaleTargetRef.name", "spec.maxReplicas", "spec.metrics")),
      Map.entry("policy/v1/PodDisruptionBudget", List.of("spec.selector.matchLabels")),
      Map.entry("networking.k8s.io/v1/NetworkPolicy", List.of("spec.podSelector", "spec.policyTypes")),
      Map.entry("networking.k8s.io/v1/Ingress", List.of("spec.rules", "spec.rules[].host", "spec.rules[].http")),
      Map.entry("apiextensions.k8s.io/v1/CustomResourceDefinition", List.of("spec.group", "spec.names.kind",
          "spec.names.plural", "spec.scope", "spec.versions", "spec.versions[].name",
          "spec.versions[].schema.openAPIV3Schema")),
      Map.entry("oathkeeper.ory.sh/v1alpha1/Rule", List.of("spec.match")),
      Map.entry("monitoring.coreos.com/v1/ServiceMonitor", List.of("spec.selector.matchLabels", "spec.endpoints",
          "spec.endpoints[].port")),
      Map.entry("operator.victoriametrics.com/v1beta1/VMServiceScrape", List.of("spec.selector.matchLabels",
          "spec.endpoints", "spec.endpoints[].port")),
      Map.entry("monitoring.coreos.com/v1/PrometheusRule", List.of("spec.groups", "spec.groups[].name",
          "spec.groups[].rules", "spec.groups[].rules[].alert", "spec.groups[].rules[].expr",
          "spec.groups[].rules[].labels.severity", "spec.groups[].rules[].annotations.summary",
          "spec.groups[].rules[].annotations.description")),
      Map.entry("operator.victoriametrics.com/v1beta1/VMRule", List.of("spec.groups", "spec.groups[].name",
          "spec.groups[].rules", "spec.groups[].rules[].alert", "spec.groups[].rules[].expr",
          "spec.groups[].rules[].labels.severity", "spec.groups[].rules[].annotations.summary",
          "spec.groups[].rules[].annotations.description")));
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private KubernetesObjects() {
  }

  static void check(Doc doc, List<String> problems) {
    List<String> required = REQUIRED.get(doc.kind());
    if (required == null) {
      problems.add(doc.where() + ": unknown kind " + doc.kind() + " (known: " + REQUIRED.keySet() + ")");
      return;
    }
    if (doc.name() == null || !DNS_SUBDOMAIN.matcher(doc.name()).matches()) {
      problems.add(doc.where() + ": " + doc.kind() + " metadata.name " + doc.name()
          + " is not a DNS subdomain name (lower case letters, digits, '-', '.')");
    }
    for (String path : required) {
      requireAt(doc, doc.body(), path, path, problems);
    }
    if (doc.kind().equals("policy/v1/PodDisruptionBudget")
        && (Yaml.at(doc.body(), "spec.minAvailable") == null) == (Yaml.at(doc.body(), "spec.maxUnavailable") == null)) {
      problems.add(doc.where() + ": PodDisruptionBudget " + doc.name()
          + " needs exactly one of spec.minAvailable and spec.maxUnavailable");
    }
    if (doc.kind().endsWith("/Deployment") || doc.kind().endsWith("/StatefulSet")) {
      Map<String, Object> selector = Yaml.map(Yaml.at(doc.body(), "spec.selector.matchLabels"));
      Map<String, Object> labels = Yaml.map(Yaml.at(doc.body(), "spec.template.metadata.labels"));
      if (!labels.entrySet().containsAll(selector.entrySet())) {
        problems.add(doc.where() + ": " + doc.name() + " spec.selector.matchLabels " + selector
            + " does not select its own pods' labels " + labels);
      }
      for (Map<String, Object> c : Yaml.maps(Yaml.at(doc.body(), "spec.template.spec.containers"))) {
        for (Map<String, Object> port : Yaml.maps(c.get("ports"))) {
          if (String.valueOf(port.get("name")).length() > 15) {
            problems.add(doc.where() + ": port name " + port.get("name") + " is longer than 15 characters");
          }
        }
      }
    }
  }

  private static void requireAt(Doc doc, Object node, String rest, String path, List<String> problems) {
    int list = rest.indexOf("[].");
    if (list < 0) {
      Object v = Yaml.at(node, rest);
      if (v == null || v instanceof List<?> l && l.isEmpty() || v instanceof String s && s.isBlank()) {
        problems.add(doc.where() + ": " + doc.kind() + " " + doc.name() + " lacks " + path);
      }
      return;
    }
    for (Map<String, Object> item : Yaml.maps(Yaml.at(node, rest.substring(0, list)))) {
      requireAt(doc, item, rest.substring(list + 3), path, problems);
    }
  }
}
