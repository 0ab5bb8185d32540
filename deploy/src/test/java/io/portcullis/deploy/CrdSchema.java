package io.portcullis.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.portcullis.deploy.Yaml.Doc;
import java.util.List;
import java.util.Map;

/**
 * A CustomResourceDefinition's {@code openAPIV3Schema} as the API server applies it with strict field validation
 * (kubectl's default): types, required fields, patterns and lengths, and no field the schema does not declare,
 * except below {@code x-kubernetes-preserve-unknown-fields}. The schema is a subset of JSON Schema draft 4, which
 * the validator reads; the undeclared-field rule is added as {@code additionalProperties: false}.
 */
final class CrdSchema {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String apiVersion;
  private final String kind;
  private final Schema schema;

  private CrdSchema(String apiVersion, String kind, Schema schema) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.schema = schema;
  }

  /** The schema of the CRD's storage version. */
  static CrdSchema of(Doc crd) {
    Map<String, Object> version = Yaml.maps(Yaml.at(crd.body(), "spec.versions")).stream()
        .filter(v -> Boolean.TRUE.equals(v.get("storage"))).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(crd.where() + ": no storage version"));
    JsonNode openApi = JSON.valueToTree(Yaml.at(version, "schema.openAPIV3Schema"));
    closeObjects(openApi);
    return new CrdSchema(Yaml.at(crd.body(), "spec.group") + "/" + version.get("name"),
        String.valueOf(Yaml.at(crd.body(), "spec.names.kind")),
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(openApi));
  }

  boolean governs(Doc doc) {
    return doc.kind().equals(apiVersion + "/" + kind);
  }

  /** Every violation, each with the field's location in the object. */
  List<String> validate(Map<String, Object> object) {
    return schema.validate(JSON.valueToTree(object)).stream()
        .map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }

  private static void closeObjects(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.has("properties") && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
          && !o.has("additionalProperties")) {
        o.put("additionalProperties", false);
      }
      o.elements().forEachRemaining(CrdSchema::closeObjects);
    } else if (node != null && node.isArray()) {
      node.elements().forEachRemaining(CrdSchema::closeObjects);
    }
  }
}
