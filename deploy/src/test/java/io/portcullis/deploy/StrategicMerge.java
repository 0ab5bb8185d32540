package io.portcullis.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of Kubernetes' strategic merge patch these manifests use: maps merge key by key, the lists Kubernetes
 * merges by a key (containers, env, volumes by name; volume mounts by mount path; ports, by name here since every
 * port is named) merge item by item with the patch's items first, as kustomize orders them; every other list is
 * replaced. On deploy/kubernetes this renders every object as kubectl kustomize 5.5 does.
 */
final class StrategicMerge {
  private static final Map<String, String> MERGE_KEYS = Map.of(
      "containers", "name", "initContainers", "name", "env", "name", "volumes", "name",
      "volumeMounts", "mountPath", "ports", "name");

  private StrategicMerge() {
  }

  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> patch) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      Object mine = out.get(e.getKey());
      Object theirs = e.getValue();
      if (mine instanceof Map && theirs instanceof Map) {
        out.put(e.getKey(), merge(Yaml.map(mine), Yaml.map(theirs)));
      } else if (mine instanceof List && theirs instanceof List && MERGE_KEYS.containsKey(e.getKey())) {
        out.put(e.getKey(), mergeList(Yaml.maps(mine), Yaml.maps(theirs), MERGE_KEYS.get(e.getKey())));
      } else {
        out.put(e.getKey(), theirs);
      }
    }
    return out;
  }

  private static List<Object> mergeList(List<Map<String, Object>> base, List<Map<String, Object>> patch,
      String key) {
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> item : patch) {
      Map<String, Object> same = base.stream().filter(b -> b.get(key) != null && b.get(key).equals(item.get(key)))
          .findFirst().orElse(null);
      out.add(same == null ? item : merge(same, item));
    }
    for (Map<String, Object> item : base) {
      if (patch.stream().noneMatch(p -> p.get(key) != null && p.get(key).equals(item.get(key)))) {
        out.add(item);
      }
    }
    return out;
  }
}
