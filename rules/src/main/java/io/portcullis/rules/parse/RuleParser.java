package io.portcullis.rules.parse;

import io.portcullis.rules.AccessRule;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleProblem;

import com.fasterxml.jackson.databind.JsonNode;
import io.portcullis.rules.parse.PlainValues;
import io.portcullis.rules.parse.ProblemSink;
import io.portcullis.rules.parse.RuleBodyReader;
import io.portcullis.rules.parse.RuleDocuments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads access rules in every shape Oathkeeper and Oathkeeper Maester produce, and checks their structure.
 *
 * <p>Accepted, in JSON or YAML (detected like Oathkeeper: valid JSON is JSON, anything else YAML): a single rule
 * object; an array of rules; a YAML stream of several documents; a Maester {@code Rule} resource
 * ({@code apiVersion: oathkeeper.ory.sh/v1alpha1}, id {@code <metadata.name>.<metadata.namespace>}, namespace
 * {@code default} when absent, the missing handlers defaulted as Maester does); a Kubernetes list ({@code kind: List}
 * or {@code RuleList}) whose {@code items} may mix Rules with other resources, which are ignored.
 *
 * <p>Structural problems are collected, never stopping at the first, and thrown together. Which handlers exist and
 * whether URL patterns compile are not checked here: the first depends on configuration and the second on the
 * matching strategy ({@link RuleSetIndex#build} does it).
 */
public final class RuleParser {

  private static final String MAESTER_GROUP = "oathkeeper.ory.sh/";
  private static final String MAESTER_API_VERSION = MAESTER_GROUP + "v1alpha1";

  private final String origin;
  private final ProblemSink sink;
  private final List<AccessRule> rules = new ArrayList<>();
  /** Ids seen so far, valid rules or not, mapped to the position of their first use. */
  private final Map<String, Integer> firstUse = new HashMap<>();
  private int index;

  private RuleParser(String origin) {
    this.origin = origin;
    this.sink = new ProblemSink(origin);
  }

  /**
   * Parses {@code content}.
   *
   * @param origin names the source in problems and in {@link AccessRule#origin()}
   * @throws RuleException with every problem found
   */
  public static List<AccessRule> parse(String origin, String content) throws RuleException {
    RuleParser parser = new RuleParser(origin);
    for (JsonNode document : RuleDocuments.read(content, parser.sink)) {
      parser.document(document);
    }
    if (parser.sink.size() > 0) {
      throw new RuleException(parser.sink.problems());
    }
    return List.copyOf(parser.rules);
  }

  /** Parses a UTF-8 file; its path is the origin. An unreadable file is a problem like any other. */
  public static List<AccessRule> parseFile(Path file) throws RuleException {
    String origin = file.toString();
    String content;
    try {
      content = Files.readString(file);
    } catch (IOException e) {
      String reason = e.getMessage() == null ? "" : ": " + e.getMessage();
      throw new RuleException(List.of(new RuleProblem(origin, null, null, null,
          "a readable UTF-8 file (" + e.getClass().getSimpleName() + reason + ")")));
    }
    return parse(origin, content);
  }

  private void document(JsonNode document) {
    if (document.isArray()) {
      document.forEach(this::item);
    } else {
      item(document);
    }
  }

  private void item(JsonNode node) {
    if (isResource(node)) {
      resource(node);
    } else if (node.isObject()) {
      int position = index++;
      JsonNode id = node.get("id");
      add(RuleBodyReader.readRule(node, position, origin, sink), id != null && id.isTextual() ? id.textValue() : null,
          position);
    } else {
      sink.add("#" + index++, null, PlainValues.of(node), "a rule object");
    }
  }

  /** A Kubernetes object; plain rules never have both of these fields. */
  private static boolean isResource(JsonNode node) {
    return node.isObject() && node.path("apiVersion").isTextual() && node.path("kind").isTextual();
  }

  private void resource(JsonNode node) {
    String kind = node.get("kind").textValue();
    String apiVersion = node.get("apiVersion").textValue();
    if (kind.endsWith("List") && node.path("items").isArray()) {
      node.get("items").forEach(item -> {
        if (isResource(item)) {
          resource(item);
        }
      });
    } else if (kind.equals("Rule") && apiVersion.startsWith(MAESTER_GROUP)) {
      maesterRule(node, apiVersion);
    }
  }

  private void maesterRule(JsonNode node, String apiVersion) {
    JsonNode metadata = node.path("metadata");
    JsonNode name = metadata.path("name");
    JsonNode namespace = metadata.path("namespace");
    boolean hasName = name.isTextual() && !name.textValue().isBlank();
    String ns = namespace.isTextual() && !namespace.textValue().isBlank() ? namespace.textValue() : "default";
    String id = hasName ? name.textValue() + "." + ns : null;
    int position = index++;
    String label = RuleBodyReader.label(id, position);
    int problemsBefore = sink.size();
    if (!apiVersion.equals(MAESTER_API_VERSION)) {
      sink.add(label, "apiVersion", apiVersion, MAESTER_API_VERSION);
    }
    if (!hasName) {
      sink.add(label, "metadata.name", PlainValues.of(name), "a non-blank string");
    }
    if (!namespace.isMissingNode() && !namespace.isNull() && !namespace.isTextual()) {
      sink.add(label, "metadata.namespace", PlainValues.of(namespace), "a string");
    }
    JsonNode spec = node.path("spec");
    if (!spec.isObject()) {
      sink.add(label, "spec", PlainValues.of(spec), "an object with the rule's fields");
      return;
    }
    AccessRule rule = RuleBodyReader.readSpec(spec, label, origin, sink);
    add(sink.size() == problemsBefore ? rule : null, id, position);
  }

  private void add(AccessRule rule, String id, int position) {
    if (id != null && !id.isBlank()) {
      Integer first = firstUse.putIfAbsent(id, position);
      if (first != null) {
        sink.add(id, "id", id, "a unique id (rule #" + first + " of this source already has it)");
        return;
      }
    }
    if (rule != null) {
      rules.add(rule);
    }
  }
}
