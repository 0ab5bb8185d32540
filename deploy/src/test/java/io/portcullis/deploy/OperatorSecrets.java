package io.portcullis.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Secrets a deployment leaves to the operator, as its kustomizations document them in their comments:
 * {@code kubectl ... create secret generic NAME --from-literal=KEY=VALUE ...} (continuation lines allowed). The
 * example values stand in for the real ones when configurations are loaded, so the documented shapes are checked.
 */
final class OperatorSecrets {
  private static final Pattern CREATE_SECRET = Pattern.compile("create secret generic (\\S+)(.*)");
  private static final Pattern LITERAL = Pattern.compile("--from-literal=(\\w+)=('[^']*'|\"[^\"]*\"|\\S+)");

  private OperatorSecrets() {
  }

  /** Secret name to its documented keys and example values, from every kustomization.yaml among {@code files}. */
  static Map<String, Map<String, String>> documentedIn(Collection<Path> files) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    files.stream().filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
        .forEach(f -> out.putAll(documentedIn(f)));
    return out;
  }

  private static Map<String, Map<String, String>> documentedIn(Path kustomization) {
    StringBuilder comments = new StringBuilder();
    try {
      for (String line : Files.readAllLines(kustomization)) {
        if (line.strip().startsWith("#")) {
          comments.append(line.strip().substring(1).replace("\\", " ")).append(' ');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String command : comments.toString().split("kubectl")) {
      Matcher m = CREATE_SECRET.matcher(command.strip());
      if (m.find()) {
        Map<String, String> literals = new LinkedHashMap<>();
        Matcher l = LITERAL.matcher(m.group(2));
        while (l.find()) {
          literals.put(l.group(1), l.group(2).replaceAll("^['\"]|['\"]$", ""));
        }
        out.put(m.group(1), literals);
      }
    }
    return out;
  }
}
