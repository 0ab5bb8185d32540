package io.portcullis.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A versioned rule set on the event bus: the rules in Oathkeeper's JSON format (so any node can compile them) with a
 * version that only grows and a checksum of the content, by which a node reuses a set it compiled already.
 *
 * @param version increases with every accepted change
 * @param checksum SHA-256 of the canonical rules JSON
 * @param rules the rules, as {@code GET /rules} returns them
 * @param sources where the rules were read from
 */
public record RulesetMessage(long version, String checksum, JsonArray rules, JsonArray sources) {
  public JsonObject toJson() {
    return new JsonObject().put("version", version).put("checksum", checksum).put("rules", rules)
        .put("sources", sources);
  }

  public static RulesetMessage fromJson(JsonObject json) {
    return new RulesetMessage(json.getLong("version"), json.getString("checksum"), json.getJsonArray("rules"),
        json.getJsonArray("sources", new JsonArray()));
  }
}
