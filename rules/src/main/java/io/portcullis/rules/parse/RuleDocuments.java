package io.portcullis.rules.parse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Turns rule source text into JSON trees. Like Oathkeeper, text that is valid JSON is read as JSON and anything else
 * as YAML (which may hold several {@code ---} documents).
 *
 * <p>Duplicate keys are refused in both: with last-one-wins a rule could silently say something other than what a
 * reviewer read.
 */
final class RuleDocuments {

  /** Large generated rule files exceed SnakeYAML's default 3 MB limit; this is a guard, not a real constraint. */
  private static final int MAX_YAML_CODE_POINTS = 256 * 1024 * 1024;

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private static final YAMLMapper YAML = YAMLMapper.builder(yamlFactory())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private RuleDocuments() {}

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_YAML_CODE_POINTS);
    return YAMLFactory.builder().loaderOptions(options).build();
  }

  /** The documents in {@code content}, without empty ones; syntax errors are reported to {@code sink}. */
  public static List<JsonNode> read(String content, ProblemSink sink) {
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return List.of();
    }
    JsonProcessingException jsonError = null;
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        return List.of(JSON.readTree(text));
      } catch (JsonProcessingException e) {
        jsonError = e; // YAML flow style also starts with { or [, so YAML gets a chance before giving up
      }
    }
    try {
      return readYaml(text);
    } catch (JsonProcessingException e) {
      JsonProcessingException reported = jsonError != null ? jsonError : e;
      sink.add(null, null, null, (jsonError != null ? "valid JSON (" : "valid YAML (") + describe(reported) + ")");
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a String does no I/O
    }
  }

  private static List<JsonNode> readYaml(String text) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
      while (values.hasNextValue()) {
        JsonNode document = values.nextValue();
        // An empty document (a trailing ---) reads as null or as an empty string.
        if (document != null && !document.isNull() && !document.isMissingNode()
            && !(document.isTextual() && document.textValue().isEmpty())) {
          documents.add(document);
        }
      }
    }
    return documents;
  }

  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    message = message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1 ? message
        : message + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }
}
