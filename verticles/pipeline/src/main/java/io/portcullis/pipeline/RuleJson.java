package io.portcullis.pipeline;

import io.portcullis.rules.AccessRule;
import io.portcullis.rules.HandlerRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Writes a rule in Oathkeeper's JSON format, as {@code GET /rules} answers and the event bus carries it. */
public final class RuleJson {
  private RuleJson() {
  }

  public static JsonObject toJson(AccessRule r) {
    JsonObject json = new JsonObject().put("id", r.id());
    if (r.version() != null) {
      json.put("version", r.version());
    }
    if (r.description() != null) {
      json.put("description", r.description());
    }
    if (r.priority() != 0) {
      json.put("priority", r.priority());
    }
    json.put("match", new JsonObject().put("url", r.match().url()).put("methods", new JsonArray(r.match().methods())));
    json.put("authenticators", handlers(r.authenticators()));
    json.put("authorizer", handler(r.authorizer()));
    json.put("mutators", handlers(r.mutators()));
    if (!r.errors().isEmpty()) {
      json.put("errors", handlers(r.errors()));
    }
    if (!r.audit().equals(io.portcullis.rules.RuleAudit.ALL)) {
      json.put("audit", new JsonObject().put("enabled", r.audit().enabled())
          .put("sample_rate", r.audit().sampleRate()));
    }
    if (r.upstream() != null) {
      JsonObject up = new JsonObject().put("preserve_host", r.upstream().preserveHost());
      if (r.upstream().url() != null) {
        up.put("url", r.upstream().url());
      }
      if (r.upstream().stripPath() != null && !r.upstream().stripPath().isEmpty()) {
        up.put("strip_path", r.upstream().stripPath());
      }
      json.put("upstream", up);
    }
    return json;
  }

  public static JsonArray toJson(List<AccessRule> rules) {
    JsonArray array = new JsonArray();
    rules.forEach(r -> array.add(toJson(r)));
    return array;
  }

  private static JsonArray handlers(List<HandlerRef> refs) {
    JsonArray array = new JsonArray();
    refs.forEach(h -> array.add(handler(h)));
    return array;
  }

  private static JsonObject handler(HandlerRef h) {
    JsonObject json = new JsonObject().put("handler", h.handler());
    if (!h.config().isEmpty()) {
      json.put("config", new JsonObject(h.config()));
    }
    return json;
  }
}
