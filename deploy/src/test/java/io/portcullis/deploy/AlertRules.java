package io.portcullis.deploy;

import io.portcullis.deploy.Yaml.Doc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The alerts of deploy/observability: the PrometheusRule and the VMRule carry the same groups (names, expressions,
 * durations, labels, annotations), and every alert has its runbook, a {@code ### <alert>} section of
 * docs/operations.md.
 */
final class AlertRules {
  private AlertRules() {
  }

  static List<String> check(Path observability, Path runbooks) {
    List<String> problems = new ArrayList<>();
    Doc prometheus = only(observability, "monitoring.coreos.com/v1/PrometheusRule", problems);
    Doc victoria = only(observability, "operator.victoriametrics.com/v1beta1/VMRule", problems);
    if (prometheus == null || victoria == null) {
      return problems;
    }
    Object groups = Yaml.at(prometheus.body(), "spec.groups");
    if (!groups.equals(Yaml.at(victoria.body(), "spec.groups"))) {
      problems.add(victoria.where() + ": spec.groups differ from " + prometheus.where()
          + "'s; keep both alert files the same");
    }
    String doc;
    try {
      doc = Files.readString(runbooks);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map<String, Object> group : Yaml.maps(groups)) {
      for (Map<String, Object> rule : Yaml.maps(group.get("rules"))) {
        if (!doc.contains("\n### " + rule.get("alert") + "\n")) {
          problems.add(prometheus.where() + ": alert " + rule.get("alert") + " has no runbook (### " + rule.get("alert")
              + " in " + runbooks + ")");
        }
      }
    }
    return problems;
  }

  private static Doc only(Path dir, String kind, List<String> problems) {
    List<Doc> found;
    try (Stream<Path> files = Files.walk(dir)) {
      found = files.filter(p -> p.toString().endsWith(".yaml")).sorted()
          .flatMap(p -> Yaml.documents(p, problems).stream()).filter(d -> d.kind().equals(kind)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (found.size() != 1) {
      problems.add(dir + ": expected one " + kind + ", found " + found.size());
      return null;
    }
    return found.get(0);
  }
}
