package io.portcullis.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A rule set on the event bus: the rules in Oathkeeper's JSON format (so any node, in any JVM, can compile them), their
 * version and the order of publication.
 *
 * @param version SHA-256 of the canonical rules JSON: the same rules have the same version on every node and across
 *     restarts, so operators compare nodes by it
 * @param serial grows with every publication (also across a change of rules leader), so a node that hears two sets
 *     keeps the later one
 * @param rules the rules, as {@code GET /rules} returns them
 * @param sources where the rules were read from
 */
public record RulesetMessage(String version, long serial, JsonArray rules, JsonArray sources) {
  public JsonObject toJson() {
    return new JsonObject().put("version", version).put("serial", serial).put("rules", rules).put("sources", sources);
  }

  public static RulesetMessage fromJson(JsonObject json) {
    return new RulesetMessage(json.getString("version"), json.getLong("serial"), json.getJsonArray("rules"),
        json.getJsonArray("sources", new JsonArray()));
  }
}
