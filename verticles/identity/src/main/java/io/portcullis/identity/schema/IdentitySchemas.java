package io.portcullis.identity.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured identity schemas with one default (Kratos' {@code identity.default_schema_id} and
 * {@code identity.schemas}), in configuration order, plus the bodies of {@code GET /schemas} and
 * {@code GET /schemas/{id}}.
 */
public final class IdentitySchemas {

  private final String defaultId;
  private final Map<String, IdentitySchema> byId = new LinkedHashMap<>();

  public IdentitySchemas(String defaultId, List<IdentitySchema> schemas) {
    for (IdentitySchema s : schemas) {
      if (byId.put(s.id(), s) != null) {
        throw new SchemaException(s.id(), null, "configured twice");
      }
    }
    if (!byId.containsKey(defaultId)) {
      throw new SchemaException(defaultId, null, "the default schema id is not among the configured schemas "
          + byId.keySet());
    }
    this.defaultId = defaultId;
  }

  public String defaultId() {
    return defaultId;
  }

  public IdentitySchema defaultSchema() {
    return byId.get(defaultId);
  }

  public Optional<IdentitySchema> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public List<IdentitySchema> all() {
    return List.copyOf(byId.values());
  }

  /** The {@code GET /schemas} body: an array of {@code identitySchemaContainer} ({@code {id, schema}}). */
  public JsonArray listJson() {
    JsonArray out = new JsonArray();
    byId.values().forEach(s -> out.add(new JsonObject().put("id", s.id()).put("schema", s.schema())));
    return out;
  }

  /** The {@code GET /schemas/{id}} body: the raw schema. */
  public Optional<JsonObject> schemaJson(String id) {
    return find(id).map(IdentitySchema::schema);
  }
}
