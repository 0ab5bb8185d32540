package io.portcullis.identity.ui;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Attributes of a {@code script} node ({@code uiNodeScriptAttributes}); every field is required by the spec. The
 * defaults of {@link #of} mirror Kratos' {@code NewScriptField}: async, no-referrer, anonymous, text/javascript.
 */
public final class ScriptAttributes implements NodeAttributes {

  private final String id;
  private String src;
  private final boolean async;
  private final String referrerPolicy;
  private final String crossOrigin;
  private final String integrity;
  private final String type;
  private final String nonce;

  public ScriptAttributes(String id, String src, boolean async, String referrerPolicy, String crossOrigin,
      String integrity, String type, String nonce) {
    this.id = Objects.requireNonNull(id, "id");
    this.src = Objects.requireNonNull(src, "src");
    this.async = async;
    this.referrerPolicy = Objects.requireNonNull(referrerPolicy, "referrerPolicy");
    this.crossOrigin = Objects.requireNonNull(crossOrigin, "crossOrigin");
    this.integrity = Objects.requireNonNull(integrity, "integrity");
    this.type = Objects.requireNonNull(type, "type");
    this.nonce = Objects.requireNonNull(nonce, "nonce");
  }

  public static ScriptAttributes of(String id, String src, String integrity, String nonce) {
    return new ScriptAttributes(id, src, true, "no-referrer", "anonymous", integrity, "text/javascript", nonce);
  }

  public String src() {
    return src;
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
  public Object value() {
    return src;
  }

  @Override
  public void setValue(Object value) {
    src = value instanceof String s ? s : "";
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("src", src).put("async", async).put("referrerpolicy", referrerPolicy)
        .put("crossorigin", crossOrigin).put("integrity", integrity).put("type", type).put("id", id)
        .put("nonce", nonce).put("node_type", "script");
  }

  public static ScriptAttributes fromJson(JsonObject json) {
    return new ScriptAttributes(json.getString("id"), json.getString("src"), json.getBoolean("async", false),
        json.getString("referrerpolicy", ""), json.getString("crossorigin", ""), json.getString("integrity", ""),
        json.getString("type", ""), json.getString("nonce", ""));
  }
}
