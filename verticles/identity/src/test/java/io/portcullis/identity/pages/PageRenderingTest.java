package io.portcullis.identity.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pages render any flow's nodes accessibly and safely, in the visitor's language. */
class PageRenderingTest {
  static final Translations T = Translations.load("");

  static JsonObject node(String group, String name, String type, Object value, JsonArray messages, String label) {
    JsonObject meta = new JsonObject();
    if (label != null) {
      meta.put("label", new JsonObject().put("id", 1070002).put("text", label).put("type", "info"));
    }
    return new JsonObject().put("type", "input").put("group", group).put("attributes", new JsonObject()
        .put("name", name).put("type", type).put("value", value).put("node_type", "input"))
        .put("messages", messages).put("meta", meta);
  }

  @Test
  void everyValueAndTextIsEscaped() {
    String evil = "\"><script>alert(1)</script>";
    JsonObject ui = new JsonObject().put("action", "javascript:alert(1)").put("method", "POST").put("nodes",
        new JsonArray().add(node("password", "traits.nick", "text", evil, new JsonArray(), evil)));
    String html = FlowForms.render(ui, T.of("en"), null);
    assertThat(html).doesNotContain("<script>").contains("&quot;&gt;&lt;script&gt;").contains("action=\"#\"");
  }

  @Test
  void webauthnNodesLoadTheScriptAndNameItsFunctionsWithoutInlineScript() {
    JsonObject trigger = node("passkey", "passkey_login_trigger", "button", "", new JsonArray(), "Sign in with passkey");
    trigger.getJsonObject("attributes").put("onclick", "window.oryPasskeyLogin()").put("onclickTrigger",
        "oryPasskeyLogin");
    JsonObject login = node("passkey", "passkey_login", "hidden", null, new JsonArray(), null);
    login.getJsonObject("attributes").put("onloadTrigger", "oryPasskeyLoginAutocompleteInit");
    JsonObject script = new JsonObject().put("type", "script").put("group", "webauthn").put("attributes",
        new JsonObject().put("src", "http://x/.well-known/ory/webauthn.js").put("integrity", "sha512-abc")
            .put("id", "webauthn_script").put("node_type", "script")).put("messages", new JsonArray())
        .put("meta", new JsonObject());
    JsonObject ui = new JsonObject().put("action", "http://x/self-service/login?flow=1").put("method", "POST")
        .put("nodes", new JsonArray().add(script).add(login).add(trigger));
    String html = FlowForms.render(ui, T.of("en"), null);
    assertThat(html).contains("<script src=\"http://x/.well-known/ory/webauthn.js\" integrity=\"sha512-abc\" "
            + "crossorigin=\"anonymous\" referrerpolicy=\"no-referrer\" async></script>")
        .contains("<button type=\"button\" name=\"passkey_login_trigger\" value=\"\" "
            + "data-ory-trigger=\"oryPasskeyLogin\">Sign in with passkey</button>")
        .contains("data-ory-onload=\"oryPasskeyLoginAutocompleteInit\"").doesNotContain("onclick");
  }

  @Test
  void aNewTraitShowsUpWithItsLabelAndItsErrorTiedToIt() {
    JsonArray msgs = new JsonArray().add(new JsonObject().put("id", 4000002).put("text", "Property nick is missing.")
        .put("type", "error").put("context", new JsonObject().put("property", "nick")));
    JsonObject ui = new JsonObject().put("action", "http://x/self-service/registration?flow=1").put("method", "POST")
        .put("nodes", new JsonArray().add(node("default", "csrf_token", "hidden", "tok", new JsonArray(), null))
            .add(node("password", "traits.email", "email", "a@b.c", new JsonArray(), "E-Mail"))
            .add(node("password", "traits.nick", "text", null, msgs, "Nickname")));
    String html = FlowForms.render(ui, T.of("de"), null);
    assertThat(html).contains("<label for=\"f-traits.nick\">Nickname</label>")
        .contains("id=\"f-traits.nick\" name=\"traits.nick\" aria-invalid=\"true\" "
            + "aria-describedby=\"f-traits.nick-messages\" autofocus")
        .contains("<div id=\"f-traits.nick-messages\">")
        .contains("Das Feld nick fehlt.")
        .contains("<input type=\"hidden\" name=\"csrf_token\" value=\"tok\">")
        .contains("enctype=\"application/x-www-form-urlencoded\"");
    assertThat(html.indexOf("autofocus")).isEqualTo(html.lastIndexOf("autofocus"));
  }

  @Test
  void theLanguageComesFromAcceptLanguageAmongTheAvailableOnes() {
    List<String> available = T.languages();
    assertThat(LanguageChooser.choose("fr-CH, de;q=0.9, en;q=0.8", available)).isEqualTo("de");
    assertThat(LanguageChooser.choose("de-AT", available)).isEqualTo("de");
    assertThat(LanguageChooser.choose("fr, en;q=0.1", available)).isEqualTo("en");
    assertThat(LanguageChooser.choose(null, available)).isEqualTo("en");
    assertThat(LanguageChooser.choose("de;q=0", available)).isEqualTo("en");
  }

  @Test
  void anUntranslatedMessageKeepsKratosText() {
    JsonObject m = new JsonObject().put("id", 4999999).put("text", "Something new.").put("type", "error");
    assertThat(T.of("de").message(m)).isEqualTo("Something new.");
    assertThat(T.of("de").text("login.title")).isEqualTo("Anmelden");
    assertThat(T.of("xx").text("login.title")).isEqualTo("Sign in");
  }
}
