package io.portcullis.deploy;

import io.portcullis.deploy.Kustomization.Rendered;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Everything under deploy/ checked at once: every kustomization renders with all its references resolved and
 * every object it yields is valid on its own and all of them together ({@link RenderedChecks}); so does the base with
 * each optional component of deploy/observability added, as an overlay would add it; the compose file too; and no
 * manifest lies there unused.
 */
final class DeployChecks {
  private static final Pattern CMD_CONFIG = Pattern.compile("(?m)^CMD \\[.*\"--config\", \"([^\"]+)\"\\]");

  /** Problems, each naming its file. */
  record Result(List<String> problems) {
  }

  private DeployChecks() {
  }

  static Result run(Path deploy) {
    List<String> problems = new ArrayList<>();
    Set<Path> used = new HashSet<>();
    List<Rendered> all = new ArrayList<>();
    for (Path dir : kustomizations(deploy.resolve("kubernetes"))) {
      all.add(Kustomization.render(dir, problems));
    }
    for (Path dir : kustomizations(deploy.resolve("observability"))) {
      Rendered withComponent = Kustomization.render(deploy.resolve("kubernetes/base"), problems);
      Kustomization.apply(dir, Kustomization.isComponent(dir), withComponent, problems);
      all.add(withComponent);
    }
    for (Rendered rendered : all) {
      used.addAll(rendered.files());
      rendered.objects().forEach(doc -> KubernetesObjects.check(doc, problems));
      RenderedChecks.check(rendered, problems);
    }
    used.addAll(ComposeChecks.check(deploy.resolve("compose/compose.yaml"), configInImage(deploy.resolve("Dockerfile")),
        problems));
    for (Path file : yamlFiles(deploy)) {
      if (!used.contains(file)) {
        problems.add(file + ": no kustomization or compose file uses it");
      }
    }
    return new Result(problems);
  }

  /** The configuration file the image's CMD reads. */
  static Path configInImage(Path dockerfile) {
    try {
      Matcher m = CMD_CONFIG.matcher(Files.readString(dockerfile));
      if (!m.find()) {
        throw new IllegalArgumentException(dockerfile + ": no CMD [..., \"--config\", \"<file>\"]");
      }
      return Path.of(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> kustomizations(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).map(Path::getParent)
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every YAML file of deploy/, but not the Maven module's own folders. */
  private static List<Path> yamlFiles(Path deploy) {
    try (Stream<Path> s = Files.walk(deploy)) {
      return s.filter(p -> !p.startsWith(deploy.resolve("src")) && !p.startsWith(deploy.resolve("target")))
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).map(Path::normalize)
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
