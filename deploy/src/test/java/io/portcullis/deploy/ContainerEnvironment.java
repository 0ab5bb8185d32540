package io.portcullis.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a container starts with, as the kubelet builds it: literal values, {@code fieldRef}s, Secret keys,
 * and {@code $(NAME)} references to variables defined before, which it expands. A reference to an undefined
 * variable is left as it is by the kubelet, which is never meant here: it is a problem.
 */
final class ContainerEnvironment {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private ContainerEnvironment() {
  }

  /**
   * @param secretValue the value of a Secret's key (name, key), or null when it is nowhere to be found (a problem
   *     its caller reports)
   */
  static Map<String, String> of(String where, List<Map<String, Object>> env, String namespace,
      BiFunction<String, String, String> secretValue, List<String> problems) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map<String, Object> var : env) {
      String name = String.valueOf(var.get("name"));
      String value;
      if (var.containsKey("value")) {
        value = expand(where, name, String.valueOf(var.get("value")), out, problems);
      } else if (Yaml.at(var, "valueFrom.fieldRef.fieldPath") != null) {
        value = switch (Yaml.string(var, "valueFrom.fieldRef.fieldPath")) {
          case "status.podIP" -> "10.42.0.17";
          case "metadata.namespace" -> namespace;
          case "metadata.name" -> "portcullis-pod";
          default -> {
            problems.add(where + ": env " + name + " reads an unexpected field " + Yaml.at(var, "valueFrom"));
            yield "";
          }
        };
      } else if (Yaml.at(var, "valueFrom.secretKeyRef") != null) {
        String secret = Yaml.string(var, "valueFrom.secretKeyRef.name");
        String key = Yaml.string(var, "valueFrom.secretKeyRef.key");
        value = Objects.requireNonNullElse(secretValue.apply(secret, key), "");
      } else {
        problems.add(where + ": env " + name + " has neither value nor a known valueFrom");
        value = "";
      }
      out.put(name, value);
    }
    return out;
  }

  private static String expand(String where, String name, String value, Map<String, String> defined,
      List<String> problems) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String ref = m.group(1);
      if (!defined.containsKey(ref)) {
        problems.add(where + ": env " + name + " refers to $(" + ref + "), which is not defined before it");
        m.appendReplacement(sb, Matcher.quoteReplacement(m.group()));
      } else {
        m.appendReplacement(sb, Matcher.quoteReplacement(defined.get(ref)));
      }
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
