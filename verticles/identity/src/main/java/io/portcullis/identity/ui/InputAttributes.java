package io.portcullis.identity.ui;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Attributes of an {@code input} node ({@code uiNodeInputAttributes}). Serialised like Kratos' Go struct: {@code name},
 * {@code type}, {@code disabled} and {@code node_type} always; {@code value} unless null (an empty string is kept, as
 * Go keeps a non-nil interface); {@code required}, {@code autocomplete}, {@code label}, {@code pattern}, the WebAuthn
 * hooks and {@code maxlength} only when set.
 */
public final class InputAttributes implements NodeAttributes {

  private final String name;
  private InputType type;
  private Object value;
  private boolean required;
  private Autocomplete autocomplete;
  private UiText label;
  private String pattern;
  private boolean disabled;
  private int maxLength;
  private String onclick;
  private String onclickTrigger;
  private String onload;
  private String onloadTrigger;

  public InputAttributes(String name, InputType type) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
  }

  public String name() {
    return name;
  }

  public InputType type() {
    return type;
  }

  public InputAttributes type(InputType type) {
    this.type = Objects.requireNonNull(type, "type");
    return this;
  }

  @Override
  public Object value() {
    return value;
  }

  @Override
  public void setValue(Object value) {
    this.value = value;
  }

  public InputAttributes value(Object value) {
    this.value = value;
    return this;
  }

  public boolean required() {
    return required;
  }

  public InputAttributes required(boolean required) {
    this.required = required;
    return this;
  }

  public Autocomplete autocomplete() {
    return autocomplete;
  }

  public InputAttributes autocomplete(Autocomplete autocomplete) {
    this.autocomplete = autocomplete;
    return this;
  }

  public UiText label() {
    return label;
  }

  public InputAttributes label(UiText label) {
    this.label = label;
    return this;
  }

  public String pattern() {
    return pattern;
  }

  public InputAttributes pattern(String pattern) {
    this.pattern = pattern;
    return this;
  }

  public boolean disabled() {
    return disabled;
  }

  public InputAttributes disabled(boolean disabled) {
    this.disabled = disabled;
    return this;
  }

  /** The maximum length, 0 when unset (Kratos omits zero). */
  public int maxLength() {
    return maxLength;
  }

  public InputAttributes maxLength(int maxLength) {
    this.maxLength = maxLength;
    return this;
  }

  /**
   * The WebAuthn hooks: the deprecated {@code onclick}/{@code onload} JavaScript and the {@code onclickTrigger}/
   * {@code onloadTrigger} names of the global functions of {@code webauthn.js} that replace them.
   */
  public InputAttributes onclick(String script, String trigger) {
    this.onclick = script;
    this.onclickTrigger = trigger;
    return this;
  }

  public InputAttributes onload(String script, String trigger) {
    this.onload = script;
    this.onloadTrigger = trigger;
    return this;
  }

  public String onclickTrigger() {
    return onclickTrigger;
  }

  public String onloadTrigger() {
    return onloadTrigger;
  }

  @Override
  public String nodeType() {
    return "input";
  }

  @Override
  public String id() {
    return name;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("name", name).put("type", type.wire());
    if (value != null) {
      json.put("value", value);
    }
    if (required) {
      json.put("required", true);
    }
    if (autocomplete != null) {
      json.put("autocomplete", autocomplete.wire());
    }
    if (label != null) {
      json.put("label", label.toJson());
    }
    putIfNotEmpty(json, "pattern", pattern);
    json.put("disabled", disabled);
    putIfNotEmpty(json, "onclick", onclick);
    putIfNotEmpty(json, "onclickTrigger", onclickTrigger);
    putIfNotEmpty(json, "onload", onload);
    putIfNotEmpty(json, "onloadTrigger", onloadTrigger);
    if (maxLength != 0) {
      json.put("maxlength", maxLength);
    }
    return json.put("node_type", "input");
  }

  public static InputAttributes fromJson(JsonObject json) {
    InputAttributes a = new InputAttributes(json.getString("name"), InputType.fromWire(json.getString("type")));
    a.value = json.getValue("value");
    a.required = json.getBoolean("required", false);
    String ac = json.getString("autocomplete");
    a.autocomplete = ac == null || ac.isEmpty() ? null : Autocomplete.fromWire(ac);
    JsonObject label = json.getJsonObject("label");
    a.label = label == null ? null : UiText.fromJson(label);
    a.pattern = json.getString("pattern");
    a.disabled = json.getBoolean("disabled", false);
    a.maxLength = json.getInteger("maxlength", 0);
    a.onclick = json.getString("onclick");
    a.onclickTrigger = json.getString("onclickTrigger");
    a.onload = json.getString("onload");
    a.onloadTrigger = json.getString("onloadTrigger");
    return a;
  }

  static void putIfNotEmpty(JsonObject json, String key, String value) {
    if (value != null && !value.isEmpty()) {
      json.put(key, value);
    }
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
