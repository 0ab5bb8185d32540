package io.portcullis.ruleset.source;

import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A rule file, or a directory whose {@code .json}, {@code .yaml} and {@code .yml} files are read, recursively, skipping
 * hidden entries (so the {@code ..data} links of a mounted ConfigMap are not read twice). Read afresh at every poll;
 * a file or directory that is gone is a problem, so the last good set keeps serving.
 */
public final class FileRuleSource implements RuleSource {
  private final String location;
  private final Path root;

  public FileRuleSource(String location, Path root) {
    this.location = location;
    this.root = root;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public List<RuleDocument> read() throws RuleException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> !isHidden(p) && Files.isRegularFile(p) && isRuleFile(p.getFileName().toString()))
            .sorted().forEach(files::add);
      } catch (IOException e) {
        throw problem(root, "", "a readable directory: " + e);
      }
    } else if (Files.isRegularFile(root)) {
      files.add(root);
    } else {
      throw problem(root, "access_rules.repositories", "an existing file or directory");
    }
    List<RuleDocument> documents = new ArrayList<>();
    for (Path f : files) {
      try {
        documents.add(new RuleDocument(f.toString(), Files.readString(f)));
      } catch (IOException e) {
        throw problem(f, "", "a readable file: " + e);
      }
    }
    return documents;
  }

  private static RuleException problem(Path where, String field, String expected) {
    return new RuleException(List.of(new RuleProblem(where.toString(), null, field, where.toString(), expected)));
  }

  private boolean isHidden(Path p) {
    for (Path part : root.relativize(p)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** The names a directory (or a ConfigMap) holds rules under. */
  static boolean isRuleFile(String name) {
    String lower = name.toLowerCase();
    return lower.endsWith(".json") || lower.endsWith(".yaml") || lower.endsWith(".yml");
  }
}
