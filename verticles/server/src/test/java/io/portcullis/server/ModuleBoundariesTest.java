package io.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of docs/architecture.md, checked on the sources of the whole repository: every reference to
 * one of our packages (an import or a fully qualified name) in a module's main code must name a package that module
 * may use. A forbidden import fails here with the file, the line and the rule it breaks.
 */
class ModuleBoundariesTest {
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.portcullis\\.([a-z]+)");

  /** A module (folder below the root), what its main code may reference of ours, and why. */
  private record Boundary(String module, List<String> allowed, String rule) {
  }

  private static final List<Boundary> BOUNDARIES = List.of(
      new Boundary("spi", List.of("spi"), "the SPI depends on nothing of ours"),
      new Boundary("rules", List.of("rules"), "the rule model depends on nothing of ours"),
      new Boundary("kafka", List.of("kafka"), "the event contracts and the Kafka plumbing depend on nothing of ours"),
      new Boundary("plugins/builtin", List.of("spi", "plugins"), "plugins see only the SPI"),
      new Boundary("plugins/example-apikey", List.of("spi"), "plugins see only the SPI"));

  @Test
  void modulesReferenceOnlyWhatTheirBoundaryAllows() {
    List<String> violations = new ArrayList<>();
    for (Boundary boundary : BOUNDARIES) {
      for (Path file : sources(ROOT.resolve(boundary.module()))) {
        check(file, name -> boundary.allowed().contains(name), boundary.rule(), violations);
      }
    }
    assertThat(violations).as("references across module boundaries").isEmpty();
  }

  @Test
  void noRoleReachesIntoAPlugin() {
    List<String> violations = new ArrayList<>();
    for (Path file : sources(ROOT.resolve("verticles"))) {
      check(file, name -> !name.equals("plugins"), "the host finds handlers only through PF4J", violations);
    }
    assertThat(violations).as("references from the roles to plugin code").isEmpty();
  }

  @Test
  void theCheckSeesTheSources() {
    // Guards against a test that passes because it found nothing (a moved module, a wrong working directory).
    assertThat(sources(ROOT.resolve("spi"))).isNotEmpty();
    assertThat(sources(ROOT.resolve("plugins/builtin"))).isNotEmpty();
    assertThat(sources(ROOT.resolve("verticles"))).hasSizeGreaterThan(100);
  }

  private interface Allowed {
    boolean test(String topLevelPackage);
  }

  private static void check(Path file, Allowed allowed, String rule, List<String> violations) {
    List<String> lines = read(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("package ") || line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")) {
        continue;
      }
      Matcher m = REFERENCE.matcher(line);
      while (m.find()) {
        if (!allowed.test(m.group(1))) {
          violations.add(ROOT.relativize(file) + ":" + (i + 1) + ": io.portcullis." + m.group(1) + " (" + rule + ")");
        }
      }
    }
  }

  /** The main Java sources below {@code dir}, in every module it holds. */
  private static List<Path> sources(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/main/java/"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
