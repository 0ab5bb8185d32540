package io.portcullis.identity.ui;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Attributes of a {@code script} node ({@code uiNodeScriptAttributes}), as Kratos' {@code NewScriptField} sets them:
 * asynchronous, no referrer, anonymous CORS, a subresource-integrity hash and a nonce.
 */
public final class ScriptAttributes implements NodeAttributes {
  private final String id;
  private final String src;
  private final String integrity;
  private final String nonce;

  public ScriptAttributes(String id, String src, String integrity, String nonce) {
    this.id = Objects.requireNonNull(id, "id");
    this.src = Objects.requireNonNull(src, "src");
    this.integrity = Objects.requireNonNull(integrity, "integrity");
    this.nonce = Objects.requireNonNull(nonce, "nonce");
  }

  public String src() {
    return src;
  }

  public String integrity() {
    return integrity;
  }

  public String nonce() {
    return nonce;
  }

  @Override
  public String nodeType() {
    return "script";
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("src", src).put("async", true).put("referrerpolicy", "no-referrer")
        .put("crossorigin", "anonymous").put("integrity", integrity).put("type", "text/javascript").put("id", id)
        .put("nonce", nonce).put("node_type", "script");
  }

  public static ScriptAttributes fromJson(JsonObject json) {
    return new ScriptAttributes(json.getString("id"), json.getString("src"), json.getString("integrity", ""),
        json.getString("nonce", ""));
  }
}
