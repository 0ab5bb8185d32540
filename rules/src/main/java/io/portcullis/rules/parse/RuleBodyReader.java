package io.portcullis.rules.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.portcullis.rules.AccessRule;
import io.portcullis.rules.HandlerRef;
import io.portcullis.rules.RuleAudit;
import io.portcullis.rules.RuleMatch;
import io.portcullis.rules.Upstream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one rule (a plain Oathkeeper rule, or the {@code spec} of a Maester {@code Rule}) field by field. Every
 * problem is reported with the field's path and the rule is dropped; reading goes on so that one pass reports all
 * problems.
 *
 * <p>Unknown fields are errors, unlike in Oathkeeper: a misspelt {@code preserve_hots} would otherwise silently
 * change where a request goes.
 */
final class RuleBodyReader {

  /** The methods a rule may list; upper case only, because HTTP methods are case-sensitive. */
  public static final List<String> HTTP_METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  private static final List<String> RULE_FIELDS = List.of("id", "version", "description", "priority", "match",
      "upstream", "authenticators", "authorizer", "mutators", "errors", "audit");
  /** Maester takes the id from metadata, and {@code configMapName} only says where Maester writes the rule. */
  private static final List<String> SPEC_FIELDS = List.of("version", "description", "priority", "match",
      "upstream", "authenticators", "authorizer", "mutators", "errors", "audit", "configMapName");
  private static final List<String> MATCH_FIELDS = List.of("url", "methods");
  private static final List<String> UPSTREAM_FIELDS = List.of("url", "preserve_host", "strip_path");
  private static final List<String> SPEC_UPSTREAM_FIELDS =
      List.of("url", "preserveHost", "stripPath", "preserve_host", "strip_path");
  private static final List<String> HANDLER_FIELDS = List.of("handler", "config");

  /** What Maester writes for a Rule that leaves these out; its rules must behave the same here. */
  private static final List<HandlerRef> MAESTER_AUTHENTICATORS = List.of(new HandlerRef("unauthorized"));
  private static final HandlerRef MAESTER_AUTHORIZER = new HandlerRef("deny");
  private static final List<HandlerRef> MAESTER_MUTATORS = List.of(new HandlerRef("noop"));

  private final ProblemSink sink;
  private final String ruleId;
  private final String pathPrefix;
  private final boolean maester;

  private RuleBodyReader(ProblemSink sink, String ruleId, boolean maester) {
    this.sink = sink;
    this.ruleId = ruleId;
    this.pathPrefix = maester ? "spec." : "";
    this.maester = maester;
  }

  /** The id to name a rule by in problems: its id when usable, else {@code #index}. */
  public static String label(String id, int index) {
    return id != null && !id.isBlank() ? id : "#" + index;
  }

  /** A plain Oathkeeper rule; null (with problems reported) when it is invalid. */
  public static AccessRule readRule(JsonNode rule, int index, String origin, ProblemSink sink) {
    JsonNode idNode = rule.get("id");
    String id = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
    return new RuleBodyReader(sink, label(id, index), false).read(rule, id, origin);
  }

  /** The spec of a Maester Rule whose id was derived from its metadata. */
  public static AccessRule readSpec(JsonNode spec, String id, String origin, ProblemSink sink) {
    return new RuleBodyReader(sink, id, true).read(spec, id, origin);
  }

  private AccessRule read(JsonNode body, String id, String origin) {
    int problemsBefore = sink.size();
    if (id == null || id.isBlank()) {
      problem("id", body.get("id"), "a non-blank string");
    }
    rejectUnknown(body, null, maester ? SPEC_FIELDS : RULE_FIELDS);
    String version = optionalText(body, "version", "version");
    String description = optionalText(body, "description", "description");
    int priority = priority(body);
    RuleMatch match = match(body);
    Upstream upstream = upstream(body);
    List<HandlerRef> authenticators = handlers(body, "authenticators", true, maester ? MAESTER_AUTHENTICATORS : null);
    HandlerRef authorizer = authorizer(body);
    List<HandlerRef> mutators = handlers(body, "mutators", true, maester ? MAESTER_MUTATORS : null);
    List<HandlerRef> errors = handlers(body, "errors", false, List.of());
    RuleAudit audit = audit(body);
    if (sink.size() > problemsBefore) {
      return null;
    }
    return new AccessRule(id, version, description, priority, match, upstream, authenticators, authorizer, mutators,
        errors, origin, audit);
  }

  /** {@code audit: false}, or {@code audit: {enabled, sample_rate}}; absent means everything. */
  private RuleAudit audit(JsonNode body) {
    JsonNode node = present(body.get("audit"));
    if (node == null) {
      return RuleAudit.ALL;
    }
    if (node.isBoolean()) {
      return new RuleAudit(node.booleanValue(), 1.0);
    }
    if (!node.isObject()) {
      problem("audit", node, "true, false or an object with enabled and sample_rate");
      return RuleAudit.ALL;
    }
    rejectUnknown(node, "audit", List.of("enabled", "sample_rate"));
    JsonNode enabled = present(node.get("enabled"));
    if (enabled != null && !enabled.isBoolean()) {
      problem("audit.enabled", enabled, "true or false");
    }
    JsonNode rate = present(node.get("sample_rate"));
    if (rate != null && (!rate.isNumber() || rate.doubleValue() < 0 || rate.doubleValue() > 1)) {
      problem("audit.sample_rate", rate, "a number from 0 to 1");
      return RuleAudit.ALL;
    }
    return new RuleAudit(enabled == null || enabled.booleanValue(), rate == null ? 1.0 : rate.doubleValue());
  }

  private int priority(JsonNode body) {
    JsonNode node = present(body.get("priority"));
    if (node == null) {
      return 0;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      problem("priority", node, "an integer");
      return 0;
    }
    return node.intValue();
  }

  private RuleMatch match(JsonNode body) {
    JsonNode node = present(body.get("match"));
    if (node == null || !node.isObject()) {
      problem("match", node, "an object with url and methods");
      return null;
    }
    rejectUnknown(node, "match", MATCH_FIELDS);
    String url = requiredText(node, "url", "match.url", "a URL pattern such as https://example.com/<.*>");
    List<String> methods = methods(present(node.get("methods")));
    return url == null || methods == null ? null : new RuleMatch(url, methods);
  }

  private List<String> methods(JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      problem("match.methods", node, "a non-empty array of HTTP methods");
      return null;
    }
    List<String> methods = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode method = node.get(i);
      if (method.isTextual() && HTTP_METHODS.contains(method.textValue())) {
        methods.add(method.textValue());
      } else {
        problem("match.methods[" + i + "]", method, "one of " + String.join(", ", HTTP_METHODS));
      }
    }
    return methods.size() == node.size() ? methods : null;
  }

  private Upstream upstream(JsonNode body) {
    JsonNode node = present(body.get("upstream"));
    if (node == null) {
      return Upstream.NONE;
    }
    if (!node.isObject()) {
      problem("upstream", node, "an object with url, preserve_host and strip_path");
      return Upstream.NONE;
    }
    rejectUnknown(node, "upstream", maester ? SPEC_UPSTREAM_FIELDS : UPSTREAM_FIELDS);
    String url = optionalText(node, "url", "upstream.url");
    if (!url.isEmpty() && !isHttpUrl(url)) {
      problem("upstream.url", node.get("url"), "an absolute http or https URL");
    }
    String preserveHost = spelling(node, "preserveHost", "preserve_host");
    String stripPath = spelling(node, "stripPath", "strip_path");
    JsonNode preserve = present(node.get(preserveHost));
    if (preserve != null && !preserve.isBoolean()) {
      problem("upstream." + preserveHost, preserve, "a boolean");
    }
    return new Upstream(url, preserve != null && preserve.booleanValue(),
        optionalText(node, stripPath, "upstream." + stripPath));
  }

  /** Maester's camelCase or Oathkeeper's snake_case name, whichever the object uses (both is a problem). */
  private String spelling(JsonNode node, String camel, String snake) {
    if (!maester || !node.has(camel)) {
      return snake;
    }
    if (node.has(snake)) {
      problem("upstream." + camel, node.get(camel), "only one of " + camel + " and " + snake);
    }
    return camel;
  }

  private HandlerRef authorizer(JsonNode body) {
    JsonNode node = present(body.get("authorizer"));
    if (node == null && maester) {
      return MAESTER_AUTHORIZER;
    }
    return handler(node, "authorizer");
  }

  private List<HandlerRef> handlers(JsonNode body, String name, boolean nonEmpty, List<HandlerRef> absent) {
    JsonNode node = present(body.get(name));
    if (node == null && absent != null) {
      return absent;
    }
    String expected = nonEmpty ? "a non-empty array of handlers" : "an array of handlers";
    if (node == null || !node.isArray() || (nonEmpty && node.isEmpty())) {
      problem(name, node, expected);
      return List.of();
    }
    List<HandlerRef> handlers = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      HandlerRef handler = handler(node.get(i), name + "[" + i + "]");
      if (handler != null) {
        handlers.add(handler);
      }
    }
    return handlers;
  }

  private HandlerRef handler(JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      problem(field, node, "a handler object with handler and optional config");
      return null;
    }
    rejectUnknown(node, field, HANDLER_FIELDS);
    String id = requiredText(node, "handler", field + ".handler", "a handler id");
    JsonNode config = present(node.get("config"));
    if (config != null && !config.isObject()) {
      problem(field + ".config", config, "an object");
      return null;
    }
    return id == null ? null : new HandlerRef(id, config == null ? Map.of() : PlainValues.objectOf(config));
  }

  private String requiredText(JsonNode parent, String name, String field, String expected) {
    JsonNode node = present(parent.get(name));
    if (node == null || !node.isTextual() || node.textValue().isBlank()) {
      problem(field, node, expected);
      return null;
    }
    return node.textValue();
  }

  private String optionalText(JsonNode parent, String name, String field) {
    JsonNode node = present(parent.get(name));
    if (node == null) {
      return "";
    }
    if (!node.isTextual()) {
      problem(field, node, "a string");
      return "";
    }
    return node.textValue();
  }

  private void rejectUnknown(JsonNode node, String path, List<String> known) {
    node.fieldNames().forEachRemaining(name -> {
      if (!known.contains(name)) {
        problem(fieldPath(path, name), node.get(name),
            "one of the known fields " + String.join(", ", known) + " (unknown field)");
      }
    });
  }

  /**
   * {@code path.name}, or {@code path["name"]} (JSON-quoted) for a name that is not a plain word: an empty key
   * (YAML {@code ?}) or one of blanks or control characters must still show where the problem is.
   */
  private static String fieldPath(String path, String name) {
    if (name.matches("[A-Za-z0-9_-]+")) {
      return path == null ? name : path + "." + name;
    }
    String quoted = new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(name));
    return (path == null ? "" : path) + "[\"" + quoted + "\"]";
  }

  private void problem(String field, JsonNode value, String expected) {
    sink.add(ruleId, pathPrefix + field, PlainValues.of(value), expected);
  }

  private static JsonNode present(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      // The authority, not getHost(): Java leaves the host null for names like my_service that Docker allows.
      return (scheme.equals("http") || scheme.equals("https")) && uri.getRawAuthority() != null
          && !uri.getRawAuthority().contains("@");
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
