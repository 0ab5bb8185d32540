package io.portcullis.ruleset;

import io.portcullis.config.LoadedConfig;
import io.portcullis.rules.AccessRule;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.parse.RuleParser;
import io.portcullis.rules.RuleProblem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rule files named by {@code access_rules.repositories}: {@code file://} URLs (or plain paths) of a file or of a
 * directory whose {@code .json}, {@code .yaml} and {@code .yml} files are read, recursively, skipping hidden entries
 * (so the {@code ..data} links of a mounted ConfigMap are not read twice). Blocking: call on a worker.
 */
public final class RuleSources {
  private final List<Path> roots;

  public RuleSources(LoadedConfig loaded) {
    List<Path> paths = new ArrayList<>();
    for (String repo : loaded.config().accessRules().repositories()) {
      paths.add(toPath(loaded, repo));
    }
    this.roots = List.copyOf(paths);
  }

  static Path toPath(LoadedConfig loaded, String repository) {
    if (repository.startsWith("file://")) {
      URI uri = URI.create(repository);
      // file:///abs/path is absolute; file://relative/path (authority + path) is taken relative to the config file.
      String path = uri.getAuthority() == null ? uri.getPath() : uri.getAuthority() + uri.getPath();
      return loaded.resolve(path);
    }
    return loaded.resolve(repository);
  }

  public List<Path> roots() {
    return roots;
  }

  /** A snapshot of all files: their paths and contents, read once so parsing and hashing agree. */
  public record Snapshot(List<Path> files, List<String> contents, String digest) {
  }

  public Snapshot read() throws RuleException {
    List<Path> files = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    for (Path root : roots) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(p -> !isHidden(root, p) && Files.isRegularFile(p) && isRuleFile(p)).sorted().forEach(files::add);
        } catch (IOException e) {
          problems.add(new RuleProblem(root.toString(), null, "", root.toString(), "a readable directory: " + e));
        }
      } else if (Files.isRegularFile(root)) {
        files.add(root);
      } else {
        problems.add(new RuleProblem(root.toString(), null, "access_rules.repositories", root.toString(),
            "an existing file or directory"));
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleException(problems);
    }
    List<String> contents = new ArrayList<>();
    MessageDigest digest = sha256();
    for (Path f : files) {
      try {
        String text = Files.readString(f);
        contents.add(text);
        digest.update(f.toString().getBytes());
        digest.update(text.getBytes());
      } catch (IOException e) {
        throw new RuleException(List.of(new RuleProblem(f.toString(), null, "", f.toString(), "a readable file: " + e)));
      }
    }
    return new Snapshot(files, contents, HexFormat.of().formatHex(digest.digest()));
  }

  /** Parses every file of a snapshot; problems of all files are reported together. */
  public static List<AccessRule> parse(Snapshot snapshot) throws RuleException {
    List<AccessRule> rules = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    for (int i = 0; i < snapshot.files().size(); i++) {
      try {
        rules.addAll(RuleParser.parse(snapshot.files().get(i).toString(), snapshot.contents().get(i)));
      } catch (RuleException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleException(problems);
    }
    return rules;
  }

  private static boolean isHidden(Path root, Path p) {
    for (Path part : root.relativize(p)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRuleFile(Path p) {
    String name = p.getFileName().toString().toLowerCase();
    return name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml");
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
