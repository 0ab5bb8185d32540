package io.portcullis.deploy;

import io.portcullis.deploy.Yaml.Doc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders a kustomization as {@code kubectl kustomize} would for the features these manifests use (resources and
 * bases, components, patches with or without a target, ConfigMap and Secret generators with their behaviours, images,
 * the namespace), without kubectl. Every reference that does not resolve is a problem naming the kustomization file and
 * the entry; so are keys kustomize would not understand here.
 */
final class Kustomization {
  private static final Set<String> KEYS = Set.of("apiVersion", "kind", "namespace", "resources", "components",
      "patches", "configMapGenerator", "secretGenerator", "images");
  private static final Set<String> CLUSTER_SCOPED = Set.of("CustomResourceDefinition", "Namespace", "ClusterRole",
      "ClusterRoleBinding");

  /** A generated ConfigMap or Secret: its data keys and where each comes from (a file, or a literal value). */
  record Generated(String name, Map<String, Path> files, Map<String, String> literals) {
  }

  /** What a kustomization produces, plus every file it read (to find files nothing refers to). */
  record Rendered(Path dir, List<Doc> objects, Map<String, Generated> configMaps, Map<String, Generated> secrets,
      Set<Path> files) {
  }

  private Kustomization() {
  }

  static Rendered render(Path dir, List<String> problems) {
    Rendered out = new Rendered(dir, new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
        new LinkedHashSet<>());
    apply(dir, false, out, problems);
    return out;
  }

  /** True when {@code dir}'s kustomization.yaml is a {@code Component}. */
  static boolean isComponent(Path dir) {
    List<Doc> docs = Yaml.documents(dir.resolve("kustomization.yaml"), new ArrayList<>());
    return !docs.isEmpty() && "Component".equals(docs.get(0).body().get("kind"));
  }

  /**
   * Applies {@code dir}'s kustomization to {@code out}: what it declares is added, then its patches, images and
   * namespace apply to everything {@code out} holds (for a component: what the including kustomization declared
   * before it, as kustomize does).
   */
  static void apply(Path dir, boolean component, Rendered out, List<String> problems) {
    Path file = dir.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      problems.add(dir + ": no kustomization.yaml");
      return;
    }
    out.files().add(file);
    List<Doc> docs = Yaml.documents(file, problems);
    Map<String, Object> k = docs.isEmpty() ? Map.of() : docs.get(0).body();
    String apiVersion = component ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1";
    String kind = component ? "Component" : "Kustomization";
    if (!apiVersion.equals(k.get("apiVersion")) || !kind.equals(k.get("kind"))) {
      problems.add(file + ": expected apiVersion " + apiVersion + ", kind " + kind);
    }
    k.keySet().stream().filter(key -> !KEYS.contains(key))
        .forEach(key -> problems.add(file + ": unknown key " + key + " (known here: " + KEYS + ")"));
    for (String resource : Yaml.strings(k.get("resources"))) {
      Path p = dir.resolve(resource).normalize();
      if (Files.isDirectory(p)) {
        Rendered base = render(p, problems);
        out.objects().addAll(base.objects());
        out.configMaps().putAll(base.configMaps());
        out.secrets().putAll(base.secrets());
        out.files().addAll(base.files());
      } else if (Files.isRegularFile(p)) {
        out.files().add(p);
        out.objects().addAll(Yaml.documents(p, problems));
      } else {
        problems.add(file + ": resources entry " + resource + " does not exist (" + p + ")");
      }
    }
    for (String included : Yaml.strings(k.get("components"))) {
      Path p = dir.resolve(included).normalize();
      if (Files.isDirectory(p)) {
        apply(p, true, out, problems);
      } else {
        problems.add(file + ": components entry " + included + " does not exist (" + p + ")");
      }
    }
    generate(file, k.get("configMapGenerator"), out.configMaps(), out.files(), problems);
    generate(file, k.get("secretGenerator"), out.secrets(), out.files(), problems);
    for (Map<String, Object> patch : Yaml.maps(k.get("patches"))) {
      patch(file, patch, out, problems);
    }
    for (Map<String, Object> image : Yaml.maps(k.get("images"))) {
      image(file, image, out.objects(), problems);
    }
    Object namespace = k.get("namespace");
    if (namespace != null) {
      out.objects().replaceAll(doc -> CLUSTER_SCOPED.contains(String.valueOf(doc.body().get("kind"))) ? doc
          : new Doc(doc.file(), doc.index(), StrategicMerge.merge(doc.body(),
              Map.of("metadata", Map.of("namespace", namespace)))));
      // As kustomize: a binding's ServiceAccount subjects move with the namespace.
      out.objects().stream().filter(doc -> String.valueOf(doc.body().get("kind")).endsWith("RoleBinding"))
          .flatMap(doc -> Yaml.maps(doc.body().get("subjects")).stream())
          .filter(subject -> "ServiceAccount".equals(subject.get("kind")))
          .forEach(subject -> subject.put("namespace", namespace));
    }
  }

  private static void generate(Path file, Object generators, Map<String, Generated> into, Set<Path> files,
      List<String> problems) {
    for (Map<String, Object> g : Yaml.maps(generators)) {
      String name = String.valueOf(g.get("name"));
      String behavior = String.valueOf(g.getOrDefault("behavior", "create"));
      Generated existing = into.get(name);
      if (behavior.equals("create") && existing != null || !behavior.equals("create") && existing == null) {
        problems.add(file + ": generator " + name + " has behavior " + behavior + " but the bases "
            + (existing == null ? "do not generate it" : "generate it already"));
      }
      Map<String, Path> data = new LinkedHashMap<>();
      Map<String, String> literals = new LinkedHashMap<>();
      if (behavior.equals("merge") && existing != null) {
        data.putAll(existing.files());
        literals.putAll(existing.literals());
      }
      for (String entry : Yaml.strings(g.get("files"))) {
        String key = entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : Path.of(entry).getFileName()
            .toString();
        Path p = file.getParent().resolve(entry.substring(entry.indexOf('=') + 1)).normalize();
        if (!Files.isRegularFile(p)) {
          problems.add(file + ": generator " + name + " file " + entry + " does not exist (" + p + ")");
        }
        files.add(p);
        data.put(key, p);
      }
      for (String entry : Yaml.strings(g.get("literals"))) {
        if (!entry.contains("=")) {
          problems.add(file + ": generator " + name + " literal " + entry + " is not key=value");
        } else {
          literals.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
        }
      }
      into.put(name, new Generated(name, data, literals));
    }
  }

  private static void patch(Path file, Map<String, Object> patch, Rendered out, List<String> problems) {
    Path p = file.getParent().resolve(String.valueOf(patch.get("path"))).normalize();
    if (!Files.isRegularFile(p)) {
      problems.add(file + ": patch " + patch.get("path") + " does not exist (" + p + ")");
      return;
    }
    out.files().add(p);
    List<Doc> docs = Yaml.documents(p, problems);
    if (docs.isEmpty()) {
      return;
    }
    Map<String, Object> body = docs.get(0).body();
    Map<String, Object> target = Yaml.map(patch.get("target"));
    String kind = String.valueOf(target.isEmpty() ? body.get("kind") : target.get("kind"));
    Pattern name = Pattern.compile(target.isEmpty() ? Pattern.quote(String.valueOf(Yaml.at(body, "metadata.name")))
        : String.valueOf(target.get("name")));
    int matched = 0;
    for (int i = 0; i < out.objects().size(); i++) {
      Doc doc = out.objects().get(i);
      if (kind.equals(doc.body().get("kind")) && doc.name() != null && name.matcher(doc.name()).matches()) {
        Map<String, Object> change = new LinkedHashMap<>(body);
        change.remove("metadata");
        out.objects().set(i, new Doc(doc.file(), doc.index(), StrategicMerge.merge(doc.body(), change)));
        matched++;
      }
    }
    if (matched == 0) {
      problems.add(file + ": patch " + patch.get("path") + " matches no resource (" + kind + " " + name + ")");
    }
  }

  private static void image(Path file, Map<String, Object> image, List<Doc> objects, List<String> problems) {
    String name = String.valueOf(image.get("name"));
    int matched = 0;
    for (Doc doc : objects) {
      for (Map<String, Object> c : Yaml.maps(Yaml.at(doc.body(), "spec.template.spec.containers"))) {
        if (name.equals(c.get("image"))) {
          c.put("image", image.getOrDefault("newName", name) + (image.containsKey("newTag")
              ? ":" + image.get("newTag") : ""));
          matched++;
        }
      }
    }
    if (matched == 0) {
      problems.add(file + ": images entry " + name + " matches no container");
    }
  }
}
