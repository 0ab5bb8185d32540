package io.portcullis.identity.schema;

import io.portcullis.identity.ui.Messages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Validates traits against an identity schema and reports each failure as the message Kratos v25.4.0 attaches
 * ({@code container.ParseError} / {@code translateValidationError}). The keywords identity schemas use are checked
 * here, in Kratos' order (type first, then the rest), because vertx-json-schema's error texts differ from Kratos';
 * vertx-json-schema still validates the whole document (with the draft named by {@code $schema}), and a failure only
 * it sees becomes a generic 4000001 message on the node it points at.
 */
public final class TraitsValidator {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s\"<>()\\[\\],;:]+@[^@\\s\"<>()\\[\\],;:]+$");

  private final IdentitySchema schema;
  private final JsonObject root;
  private final Validator validator;
  /** The schema's {@code pattern}s, compiled once (the schema was checked to compile them at load). */
  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

  private TraitsValidator(IdentitySchema schema) {
    this.schema = schema;
    this.root = schema.schema();
    try {
      this.validator = Validator.create(JsonSchema.of(root), new JsonSchemaOptions().setDraft(draft(root))
          .setBaseUri("https://portcullis.invalid/schemas/" + schema.id()).setOutputFormat(OutputFormat.Basic));
    } catch (RuntimeException e) {
      throw new SchemaException(schema.id(), "not a usable JSON Schema: " + e.getMessage(), e);
    }
  }

  public static TraitsValidator of(IdentitySchema schema) {
    return new TraitsValidator(schema);
  }

  /** The violations of {@code traits}; empty when valid. */
  public List<TraitViolation> validate(JsonObject traits) {
    JsonObject doc = new JsonObject().put("traits", traits);
    List<TraitViolation> out = new ArrayList<>();
    check(root, doc, "", out);
    if (out.isEmpty()) {
      OutputUnit result = validator.validate(doc);
      if (!Boolean.TRUE.equals(result.getValid())) {
        List<OutputUnit> errors = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result)
            : result.getErrors();
        OutputUnit first = errors.get(0);
        String reason = first.getError() == null ? "validation failed" : first.getError();
        out.add(new TraitViolation(dotted(first.getInstanceLocation()), Messages.validationGeneric(reason)));
      }
    }
    return out;
  }

  private void check(JsonObject s, Object value, String ptr, List<TraitViolation> out) {
    String ref = s.getString("$ref");
    if (ref != null) {
      check(schema.resolve(ref, ptr), value, ptr, out);
      return;
    }
    List<String> types = types(s);
    if (!types.isEmpty() && types.stream().noneMatch(t -> matches(t, value))) {
      out.add(new TraitViolation(dotted(ptr), Messages.wrongType(types, jsonType(value))));
      return;
    }
    JsonArray allOf = s.getJsonArray("allOf");
    if (allOf != null) {
      allOf.forEach(sub -> check((JsonObject) sub, value, ptr, out));
    }
    if (s.containsKey("const") && !equal(s.getValue("const"), value)) {
      out.add(new TraitViolation(dotted(ptr), Messages.constant(String.valueOf(s.getValue("const")))));
    }
    if (value instanceof JsonObject o) {
      checkObject(s, o, ptr, out);
    } else if (value instanceof JsonArray a) {
      checkArray(s, a, ptr, out);
    } else if (value instanceof String str) {
      checkString(s, str, ptr, out);
    } else if (value instanceof Number n) {
      checkNumber(s, n.doubleValue(), ptr, out);
    }
  }

  private void checkObject(JsonObject s, JsonObject o, String ptr, List<TraitViolation> out) {
    JsonArray required = s.getJsonArray("required");
    if (required != null) {
      for (Object r : required) {
        if (!o.containsKey((String) r)) {
          out.add(new TraitViolation(dotted(ptr + "/" + r), Messages.required((String) r)));
        }
      }
    }
    JsonObject props = s.getJsonObject("properties", new JsonObject());
    for (String key : props.fieldNames()) {
      if (o.containsKey(key)) {
        check(props.getJsonObject(key), o.getValue(key), ptr + "/" + key, out);
      }
    }
    Object additional = s.getValue("additionalProperties");
    List<String> extra = o.fieldNames().stream().filter(k -> !props.containsKey(k)).toList();
    if (Boolean.FALSE.equals(additional) && !extra.isEmpty()) {
      List<String> quoted = extra.stream().map(k -> "\"" + k + "\"").toList();
      out.add(new TraitViolation(dotted(ptr),
          Messages.validationGeneric("additionalProperties " + String.join(", ", quoted) + " not allowed")));
    } else if (additional instanceof JsonObject as) {
      extra.forEach(k -> check(as, o.getValue(k), ptr + "/" + k, out));
    }
  }

  private void checkArray(JsonObject s, JsonArray a, String ptr, List<TraitViolation> out) {
    Integer min = s.getInteger("minItems");
    if (min != null && a.size() < min) {
      out.add(new TraitViolation(dotted(ptr), Messages.minItems(min, a.size())));
    }
    Integer max = s.getInteger("maxItems");
    if (max != null && a.size() > max) {
      out.add(new TraitViolation(dotted(ptr), Messages.maxItems(max, a.size())));
    }
    if (Boolean.TRUE.equals(s.getBoolean("uniqueItems"))) {
      outer:
      for (int i = 0; i < a.size(); i++) {
        for (int j = i + 1; j < a.size(); j++) {
          if (equal(a.getValue(i), a.getValue(j))) {
            out.add(new TraitViolation(dotted(ptr), Messages.uniqueItems(i, j)));
            break outer;
          }
        }
      }
    }
    if (s.getValue("items") instanceof JsonObject items) {
      for (int i = 0; i < a.size(); i++) {
        check(items, a.getValue(i), ptr + "/" + i, out);
      }
    }
  }

  private void checkString(JsonObject s, String str, String ptr, List<TraitViolation> out) {
    int length = str.codePointCount(0, str.length());
    Integer min = s.getInteger("minLength");
    if (min != null && length < min) {
      out.add(new TraitViolation(dotted(ptr), Messages.minLength(min, length)));
    }
    Integer max = s.getInteger("maxLength");
    if (max != null && length > max) {
      out.add(new TraitViolation(dotted(ptr), Messages.maxLength(max, length)));
    }
    String pattern = s.getString("pattern");
    if (pattern != null && !patterns.computeIfAbsent(pattern, Pattern::compile).matcher(str).find()) {
      out.add(new TraitViolation(dotted(ptr), Messages.invalidFormat(pattern)));
    }
    String format = s.getString("format");
    if ("email".equals(format) && !isEmail(str)) {
      out.add(new TraitViolation(dotted(ptr),
          Messages.validationGeneric("\"" + str + "\" is not valid \"email\"")));
    }
  }

  private void checkNumber(JsonObject s, double v, String ptr, List<TraitViolation> out) {
    Number min = s.getNumber("minimum");
    if (min != null && v < min.doubleValue()) {
      out.add(new TraitViolation(dotted(ptr), Messages.minimum(min.doubleValue(), v)));
    }
    Number exMin = s.getNumber("exclusiveMinimum");
    if (exMin != null && v <= exMin.doubleValue()) {
      out.add(new TraitViolation(dotted(ptr), Messages.exclusiveMinimum(exMin.doubleValue(), v)));
    }
    Number max = s.getNumber("maximum");
    if (max != null && v > max.doubleValue()) {
      out.add(new TraitViolation(dotted(ptr), Messages.maximum(max.doubleValue(), v)));
    }
    Number exMax = s.getNumber("exclusiveMaximum");
    if (exMax != null && v >= exMax.doubleValue()) {
      out.add(new TraitViolation(dotted(ptr), Messages.exclusiveMaximum(exMax.doubleValue(), v)));
    }
    Number multiple = s.getNumber("multipleOf");
    if (multiple != null && multiple.doubleValue() != 0) {
      double q = v / multiple.doubleValue();
      if (q != Math.rint(q)) {
        out.add(new TraitViolation(dotted(ptr), Messages.multipleOf(multiple.doubleValue(), v)));
      }
    }
  }

  /** Mirrors Go's {@code net/mail}-based check loosely: one "@", no spaces, local part at most 64 characters. */
  public static boolean isEmail(String s) {
    int at = s.lastIndexOf('@');
    return EMAIL.matcher(s).matches() && at <= 64 && s.length() <= 254;
  }

  private static List<String> types(JsonObject s) {
    Object t = s.getValue("type");
    if (t instanceof String str) {
      return List.of(str);
    }
    if (t instanceof JsonArray a) {
      return a.stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  private static boolean matches(String type, Object v) {
    return switch (type) {
      case "null" -> v == null;
      case "boolean" -> v instanceof Boolean;
      case "string" -> v instanceof String;
      case "number" -> v instanceof Number;
      case "integer" -> v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
      case "object" -> v instanceof JsonObject;
      case "array" -> v instanceof JsonArray;
      default -> false;
    };
  }

  private static String jsonType(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof Boolean) {
      return "boolean";
    } else if (v instanceof Number) {
      return "number";
    } else if (v instanceof String) {
      return "string";
    } else if (v instanceof JsonArray) {
      return "array";
    }
    return "object";
  }

  private static boolean equal(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return a == null ? b == null : a.equals(b);
  }

  /** "/traits/name/first" to "traits.name.first" (Kratos' {@code JSONPointerToDotNotation}). */
  static String dotted(String pointer) {
    if (pointer == null) {
      return "";
    }
    String p = pointer.startsWith("#") ? pointer.substring(1) : pointer;
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    StringBuilder sb = new StringBuilder();
    for (String seg : p.split("/", -1)) {
      if (!sb.isEmpty()) {
        sb.append('.');
      }
      sb.append(seg.replace("~1", "/").replace("~0", "~"));
    }
    return sb.toString();
  }

  private static Draft draft(JsonObject schema) {
    String id = schema.getString("$schema", "");
    if (id.contains("2020-12")) {
      return Draft.DRAFT202012;
    } else if (id.contains("2019-09")) {
      return Draft.DRAFT201909;
    } else if (id.contains("draft-04")) {
      return Draft.DRAFT4;
    }
    return Draft.DRAFT7;
  }
}
