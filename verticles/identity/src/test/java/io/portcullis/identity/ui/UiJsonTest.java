package io.portcullis.identity.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.flow.login.LoginMessages;
import io.portcullis.identity.flow.recovery.RecoveryMessages;
import io.portcullis.identity.flow.registration.RegistrationMessages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compares our serialisation, field order included, with Kratos v25.4.0 snapshot files. */
class UiJsonTest {

  /** selfservice/strategy/password/.snapshots/TestFormHydration-method=PopulateLoginMethodFirstFactor.json */
  private static final String KRATOS_LOGIN = """
      [{"type":"input","group":"default","attributes":{"name":"identifier","type":"text","value":"","required":true,
      "disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070004,"text":"ID","type":"info"}}},
      {"type":"input","group":"default","attributes":{"name":"csrf_token","type":"hidden","required":true,
      "disabled":false,"node_type":"input"},"messages":[],"meta":{}},
      {"type":"input","group":"password","attributes":{"name":"password","type":"password","required":true,
      "autocomplete":"current-password","disabled":false,"node_type":"input"},"messages":[],
      "meta":{"label":{"id":1070001,"text":"Password","type":"info"}}},
      {"type":"input","group":"password","attributes":{"name":"method","type":"submit","value":"password",
      "disabled":false,"node_type":"input"},"messages":[],
      "meta":{"label":{"id":1010022,"text":"Sign in with password","type":"info"}}}]""";

  /** selfservice/strategy/password/.snapshots/TestPopulateRegistrationMethod-method=PopulateRegistrationMethod.json */
  private static final String KRATOS_REGISTRATION = """
      [{"type":"input","group":"default","attributes":{"name":"csrf_token","type":"hidden","required":true,
      "disabled":false,"node_type":"input"},"messages":[],"meta":{}},
      {"type":"input","group":"password","attributes":{"name":"password","type":"password","required":true,
      "autocomplete":"new-password","disabled":false,"node_type":"input"},"messages":[],
      "meta":{"label":{"id":1070001,"text":"Password","type":"info"}}},
      {"type":"input","group":"password","attributes":{"name":"method","type":"submit","value":"password",
      "disabled":false,"node_type":"input"},"messages":[],
      "meta":{"label":{"id":1040001,"text":"Sign up","type":"info"}}}]""";

  @Test
  void loginFormMatchesKratosSnapshotFieldForField() {
    UiContainer ui = new UiContainer("https://auth.example/self-service/login?flow=1");
    ui.setNode(CommonNodes.identifier(Messages.labelId()));
    ui.setCsrf(null); // the snapshot drops the random token
    ui.setNode(CommonNodes.loginPassword());
    ui.appendNode(CommonNodes.submit("password", NodeGroup.PASSWORD, LoginMessages.loginPassword()));

    assertThat(nodes(ui).encode()).isEqualTo(new JsonArray(KRATOS_LOGIN).encode());
  }

  @Test
  void registrationFormMatchesKratosSnapshot() {
    UiContainer ui = new UiContainer("/r");
    ui.setCsrf(null);
    ui.setNode(CommonNodes.newPassword());
    ui.setNode(CommonNodes.submit("password", NodeGroup.PASSWORD, RegistrationMessages.registration()));
    assertThat(nodes(ui).encode()).isEqualTo(new JsonArray(KRATOS_REGISTRATION).encode());
  }

  @Test
  void containerAlwaysHasNodesAndOmitsEmptyMessages() {
    UiContainer ui = new UiContainer("https://a/b");
    assertThat(ui.toJson().encode()).isEqualTo("{\"action\":\"https://a/b\",\"method\":\"POST\",\"nodes\":[]}");
    ui.addMessage(LoginMessages.loginReAuth());
    assertThat(ui.toJson().getJsonArray("messages").getJsonObject(0).encode()).isEqualTo(
        "{\"id\":1010003,\"text\":\"Please confirm this action by verifying that it is you.\",\"type\":\"info\"}");
  }

  @Test
  void csrfKeepsTokenValue() {
    JsonObject attrs = CommonNodes.csrf("tok").toJson().getJsonObject("attributes");
    assertThat(attrs.encode()).isEqualTo("{\"name\":\"csrf_token\",\"type\":\"hidden\",\"value\":\"tok\","
        + "\"required\":true,\"disabled\":false,\"node_type\":\"input\"}");
  }

  @Test
  void messageForUnknownFieldCreatesDefaultTextInput() {
    UiContainer ui = new UiContainer("/x");
    ui.setNode(CommonNodes.newPassword());
    ui.addMessage(Messages.required("email"), "traits.email");
    ui.addMessage(Messages.passwordMinLength(8, 3), "password");
    ui.addMessage(Messages.invalidCredentials(), "", " ");

    assertThat(ui.find("password").orElseThrow().messages()).containsExactly(Messages.passwordMinLength(8, 3));
    UiNode created = ui.find("traits.email").orElseThrow();
    assertThat(created.group()).isEqualTo(NodeGroup.DEFAULT);
    assertThat(created.input().type()).isEqualTo(InputType.TEXT);
    assertThat(created.toJson().getJsonArray("messages").getJsonObject(0).encode()).isEqualTo(
        "{\"id\":4000002,\"text\":\"Property email is missing.\",\"type\":\"error\",\"context\":{\"property\":\"email\"}}");
    assertThat(ui.messages()).containsExactly(Messages.invalidCredentials());
  }

  @Test
  void setValueRemoveGroupAndRoundTrip() {
    UiContainer ui = new UiContainer("/s");
    ui.setCsrf("t");
    ui.setNode(UiNode.input("traits.email", InputType.EMAIL, NodeGroup.PROFILE));
    ui.appendNode(CommonNodes.submit("profile", NodeGroup.PROFILE, Messages.labelSave()));
    ui.setNode(CommonNodes.newPassword());
    ui.appendNode(UiNode.text("t1", LoginMessages.loginCodeSent(), NodeGroup.CODE));
    ui.appendNode(UiNode.anchor("a1", "https://x/y", RecoveryMessages.recoveryBack(), NodeGroup.CODE));

    assertThat(ui.setValue("traits.email", "a@b.c")).isTrue();
    assertThat(ui.setValue("nope", 1)).isFalse();
    UiContainer back = UiContainer.fromJson(new JsonObject(ui.toJson().encode()));
    assertThat(back.toJson().encode()).isEqualTo(ui.toJson().encode());

    assertThat(ui.nodes()).extracting(UiNode::id).containsExactly("csrf_token", "traits.email", "method", "password",
        "t1", "a1");
    assertThat(ui.find("t1").orElseThrow().toJson().getJsonObject("attributes").encode()).isEqualTo(
        "{\"text\":{\"id\":1010014,\"text\":\"A code was sent to the address you provided. If you didn't receive it,"
            + " please check the spelling of the address and try again.\",\"type\":\"info\"},\"id\":\"t1\","
            + "\"node_type\":\"text\"}");
    assertThat(ui.find("a1").orElseThrow().toJson().getString("type")).isEqualTo("a");
  }

  @Test
  void sortPutsMethodLastAndFollowsKeys() {
    UiContainer ui = new UiContainer("/r");
    ui.appendNode(CommonNodes.submit("password", NodeGroup.PASSWORD, RegistrationMessages.registration()));
    ui.appendNode(CommonNodes.newPassword());
    ui.appendNode(UiNode.input("traits.name.first", InputType.TEXT, NodeGroup.DEFAULT));
    ui.appendNode(UiNode.input("traits.email", InputType.EMAIL, NodeGroup.DEFAULT));
    ui.appendNode(CommonNodes.csrf("x"));
    ui.sortNodes(List.of(NodeGroup.DEFAULT, NodeGroup.PASSWORD),
        List.of("csrf_token", "traits.email", "traits.name.first", "password"));
    assertThat(ui.nodes()).extracting(UiNode::id)
        .containsExactly("csrf_token", "traits.email", "traits.name.first", "password", "method");
  }

  @Test
  void timeAndNumberFormattingFollowsGo() {
    Instant expired = Instant.parse("2025-01-02T03:04:05.120Z");
    UiText t = LoginMessages.loginFlowExpired(expired, expired.plusSeconds(90));
    assertThat(t.toJson().encode()).isEqualTo("{\"id\":4010001,\"text\":\"The login flow expired 1.50 minutes ago,"
        + " please try again.\",\"type\":\"error\",\"context\":{\"expired_at\":\"2025-01-02T03:04:05.12Z\","
        + "\"expired_at_unix\":1735787045}}");
    assertThat(Messages.minimum(5, 2.5).text()).isEqualTo("must be >= 5 but found 2.5");
    // Kratos: fmt.Sprintf("must be >= %v but found %v", float64...): %v switches to exponent form at 1e+06 (the
    // JSON context keeps encoding/json's plain form).
    assertThat(Messages.minimum(1e6, 5e5).toJson().encode()).isEqualTo("{\"id\":4000018,\"text\":\"must be >= 1e+06"
        + " but found 500000\",\"type\":\"error\",\"context\":{\"actual\":500000,\"minimum\":1000000}}");
    assertThat(Messages.maximum(1e6, 1234567.5).text()).isEqualTo("must be <= 1e+06 but found 1.2345675e+06");
    assertThat(Messages.multipleOf(0.00001, 3).text()).isEqualTo("3 not multipleOf 1e-05");
    assertThat(Messages.minLength(8, 3).toJson().encode()).isEqualTo("{\"id\":4000003,\"text\":\"length must be >= 8,"
        + " but got 3\",\"type\":\"error\",\"context\":{\"actual_length\":3,\"min_length\":8}}");
    assertThat(Messages.invalidFormat("^[a-z\"]+$").text()).isEqualTo("does not match pattern \"^[a-z\\\"]+$\"");
    assertThat(Messages.wrongType(List.of("string", "null"), "number").toJson().encode()).isEqualTo(
        "{\"id\":4000026,\"text\":\"expected string or null, but got number\",\"type\":\"error\","
            + "\"context\":{\"actual_type\":\"number\",\"allowed_types\":[\"string\",\"null\"]}}");
    assertThat(Messages.labelGenerated("E-Mail", "traits.email").toJson().encode()).isEqualTo(
        "{\"id\":1070002,\"text\":\"E-Mail\",\"type\":\"info\",\"context\":{\"name\":\"traits.email\","
            + "\"title\":\"E-Mail\"}}");
    assertThat(Messages.duplicateCredentialsWithHints(List.of("password", "oidc"), List.of("github"), "a@b.c")
        .text()).isEqualTo("You tried signing in with a@b.c which is already in use by another account. You can sign"
            + " in using your password, or social sign in. You can sign in using one of the following social sign in"
            + " providers: Github.");
  }

  private static JsonArray nodes(UiContainer ui) {
    return ui.toJson().getJsonArray("nodes");
  }
}
