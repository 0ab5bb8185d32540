package io.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of docs/architecture.md, checked on the sources of the whole repository: every reference to
 * one of our packages (an import or a fully qualified name) in a module's main code must name a package that module
 * may use. A forbidden import fails here with the file, the line and the rule it breaks. Sources rather than class
 * files, so that every module is seen whatever the build order, and references to inlined constants count too.
 */
class ModuleBoundariesTest {
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.portcullis\\.([a-z]+)");
  /** A reference to a type of ours; group 1 is its package (the segments before the first capitalized one). */
  private static final Pattern TYPE_REFERENCE =
      Pattern.compile("\\b(io\\.portcullis(?:\\.[a-z][a-z0-9_]*)+)\\.[A-Z]");
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;");

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
  void theSessionRoleReadsSessionsWithoutTheIdentityRole() {
    List<String> violations = new ArrayList<>();
    for (Path file : sources(ROOT.resolve("verticles/session"))) {
      check(file, name -> !name.equals("identity"), "the session role needs identity-sessions, not the identity role",
          violations);
    }
    assertThat(violations).as("references from the session role to the identity role").isEmpty();
  }

  @Test
  void noPackageCycles() {
    Map<String, Map<String, String>> graph = packageGraph(sources(ROOT));
    List<String> cycles = new ArrayList<>();
    for (List<String> component : stronglyConnected(graph)) {
      if (component.size() < 2) {
        continue;
      }
      StringBuilder sb = new StringBuilder("packages " + component + " depend on each other:");
      for (String from : component) {
        for (Map.Entry<String, String> edge : graph.get(from).entrySet()) {
          if (component.contains(edge.getKey())) {
            sb.append("\n  ").append(from).append(" -> ").append(edge.getKey()).append(" (").append(edge.getValue())
                .append(')');
          }
        }
      }
      cycles.add(sb.toString());
    }
    assertThat(cycles).as("package cycles").isEmpty();
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

  /** Package -> package it references -> the first place it does (file:line), over main sources. */
  private static Map<String, Map<String, String>> packageGraph(List<Path> files) {
    Map<String, Map<String, String>> graph = new TreeMap<>();
    for (Path file : files) {
      List<String> lines = read(file);
      String own = lines.stream().map(l -> PACKAGE.matcher(l.strip())).filter(Matcher::find).map(m -> m.group(1))
          .findFirst().orElse("");
      Map<String, String> edges = graph.computeIfAbsent(own, k -> new TreeMap<>());
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.startsWith("package ") || line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")) {
          continue;
        }
        Matcher m = TYPE_REFERENCE.matcher(line);
        while (m.find()) {
          if (!m.group(1).equals(own)) {
            edges.putIfAbsent(m.group(1), ROOT.relativize(file) + ":" + (i + 1));
          }
        }
      }
    }
    return graph;
  }

  /** Tarjan's strongly connected components of {@code graph}. */
  private static List<List<String>> stronglyConnected(Map<String, Map<String, String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<List<String>> components = new ArrayList<>();
    for (String node : graph.keySet()) {
      if (!index.containsKey(node)) {
        visit(node, graph, index, low, stack, components);
      }
    }
    return components;
  }

  private static void visit(String node, Map<String, Map<String, String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, List<List<String>> components) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
      if (!index.containsKey(next)) {
        visit(next, graph, index, low, stack, components);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (stack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      TreeSet<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        component.add(member);
      } while (!member.equals(node));
      components.add(List.copyOf(component));
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
