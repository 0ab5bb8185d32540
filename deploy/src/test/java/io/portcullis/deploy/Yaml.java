package io.portcullis.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Strict YAML reading and navigation of the plain trees it gives: a duplicate key is an error (kubectl would keep the
 * last one silently), merge keys ({@code <<}, used by compose files) are resolved, empty documents are skipped.
 */
final class Yaml {
  private Yaml() {
  }

  /** One document of a file: where it came from and its tree. */
  record Doc(Path file, int index, Map<String, Object> body) {
    String where() {
      return file + (index > 0 ? " (document " + (index + 1) + ")" : "");
    }

    String kind() {
      return body.get("apiVersion") + "/" + body.get("kind");
    }

    String name() {
      return string(body, "metadata.name");
    }
  }

  /** The file's documents; if it is not valid YAML, none, and the problem is added. */
  static List<Doc> documents(Path file, List<String> problems) {
    try {
      return documents(file);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return List.of();
    }
  }

  static List<Doc> documents(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    List<Doc> docs = new ArrayList<>();
    int index = 0;
    try {
      for (Object doc : new org.yaml.snakeyaml.Yaml(new SafeConstructor(options)).loadAll(text)) {
        if (doc != null) {
          if (!(doc instanceof Map)) {
            throw new IllegalArgumentException(file + ": document " + (index + 1) + " is not a mapping");
          }
          docs.add(new Doc(file, index, map(doc)));
        }
        index++;
      }
    } catch (YAMLException e) {
      throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    return docs;
  }

  /** The value at a dotted path ({@code spec.template.spec}), or null. */
  static Object at(Object node, String path) {
    Object current = node;
    for (String key : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(key);
    }
    return current;
  }

  static String string(Object node, String path) {
    Object v = at(node, path);
    return v == null ? null : String.valueOf(v);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node) {
    return node instanceof Map ? (Map<String, Object>) node : Map.of();
  }

  static List<Map<String, Object>> maps(Object node) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (node instanceof List<?> list) {
      list.forEach(item -> out.add(map(item)));
    }
    return out;
  }

  static List<String> strings(Object node) {
    List<String> out = new ArrayList<>();
    if (node instanceof List<?> list) {
      list.forEach(item -> out.add(String.valueOf(item)));
    }
    return out;
  }
}
