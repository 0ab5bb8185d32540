package io.portcullis.identity.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaTest {

  private static String testSchema() throws Exception {
    return new String(SchemaTest.class.getResourceAsStream("/schema/test.schema.json").readAllBytes(),
        StandardCharsets.UTF_8);
  }

  private static IdentitySchema schema() throws Exception {
    return SchemaLoader.load("test", testSchema());
  }

  @Test
  void loadsFromAllSources(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.json");
    Files.writeString(file, testSchema());
    String b64 = "base64://" + Base64.getEncoder().encodeToString(testSchema().getBytes(StandardCharsets.UTF_8));
    for (String src : List.of(testSchema(), b64, "file://" + file, file.toString())) {
      assertThat(SchemaLoader.load("x", src).paths()).extracting(TraitPath::name).containsExactly("traits.email",
          "traits.username", "traits.age", "traits.newsletter", "traits.phone", "traits.name.first",
          "traits.name.last");
    }
    assertThatThrownBy(() -> SchemaLoader.load("remote", "https://example.com/s.json"))
        .isInstanceOf(SchemaException.class).hasMessageContaining("\"remote\"")
        .hasMessageContaining("https://example.com/s.json").hasMessageContaining("file://");
  }

  @Test
  void rejectsBadSchemasWithIdAndPointer() {
    assertThatThrownBy(() -> SchemaLoader.load("bad", "{\"properties\":{\"traits\":{\"type\":\"strin\"}}}"))
        .isInstanceOf(SchemaException.class).hasMessageContaining("\"bad\"")
        .hasMessageContaining("/properties/traits/type");
    assertThatThrownBy(() -> SchemaLoader.load("ext", "{\"properties\":{\"traits\":{\"properties\":{\"e\":"
        + "{\"type\":\"string\",\"ory.sh/kratos\":{\"verification\":{\"via\":\"pigeon\"}}}}}}}"))
        .isInstanceOf(SchemaException.class)
        .satisfies(e -> assertThat(((SchemaException) e).pointer())
            .isEqualTo("/properties/traits/properties/e/ory.sh~1kratos/verification/via"));
    assertThatThrownBy(() -> SchemaLoader.load("ext2", "{\"properties\":{\"traits\":{\"properties\":{\"e\":"
        + "{\"type\":\"string\",\"ory.sh/kratos\":{\"credentials\":{\"password\":{\"identifer\":true}}}}}}}}"))
        .isInstanceOf(SchemaException.class).hasMessageContaining("identifer");
    assertThatThrownBy(() -> SchemaLoader.load("json", "{nope")).isInstanceOf(SchemaException.class)
        .hasMessageContaining("\"json\"");
  }

  @Test
  void defaultSchemaAndRegistry() throws Exception {
    IdentitySchemas none = SchemaLoader.loadAll(null, Map.of());
    assertThat(none.defaultId()).isEqualTo("default");
    assertThat(none.defaultSchema().extensionPaths()).singleElement().satisfies(p -> {
      assertThat(p.name()).isEqualTo("traits.email");
      assertThat(p.extension().passwordIdentifier()).isTrue();
      assertThat(p.extension().verificationVia()).isEqualTo("email");
      assertThat(p.extension().recoveryVia()).isEqualTo("email");
    });
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("a", testSchema());
    sources.put("b", "{\"type\":\"object\"}");
    IdentitySchemas two = SchemaLoader.loadAll("b", sources);
    JsonArray list = two.listJson();
    assertThat(list.size()).isEqualTo(2);
    assertThat(list.getJsonObject(0).fieldNames()).containsExactly("id", "schema");
    assertThat(list.getJsonObject(0).getString("id")).isEqualTo("a");
    assertThat(two.schemaJson("b")).contains(new JsonObject().put("type", "object"));
    assertThat(two.find("c")).isEmpty();
  }

  @Test
  void extractsNormalisedIdentifiersAndAddresses() throws Exception {
    Extracted x = Extracted.extract(schema(),
        new JsonObject().put("email", " Foo@Example.COM ").put("username", "Alice"));
    assertThat(x.passwordIdentifiers()).containsExactly(" foo@example.com ", "alice");
    assertThat(x.codeAddresses()).containsExactly(new Extracted.Address("email", "foo@example.com"));
    assertThat(x.verifiableAddresses()).containsExactly(new Extracted.Address("email", "foo@example.com"));
    assertThat(x.recoveryAddresses()).containsExactly(new Extracted.Address("email", "foo@example.com"));
  }

  @Test
  void validatesWithKratosMessages() throws Exception {
    TraitsValidator v = TraitsValidator.of(schema());
    assertThat(v.validate(new JsonObject().put("email", "a@b.cd"))).isEmpty();
    assertThat(v.validate(new JsonObject())).containsExactly(
        new TraitViolation("traits.email", Messages.required("email")));
    assertThat(v.validate(new JsonObject().put("email", "a@"))).containsExactly(
        new TraitViolation("traits.email", Messages.minLength(3, 2)),
        new TraitViolation("traits.email", Messages.validationGeneric("\"a@\" is not valid \"email\"")));
    assertThat(v.validate(new JsonObject().put("email", "averyveryverylong@example.com")))
        .containsExactly(new TraitViolation("traits.email", Messages.maxLength(20, 29)));
    assertThat(v.validate(new JsonObject().put("email", "a@b.cd").put("username", "Bob")))
        .containsExactly(new TraitViolation("traits.username", Messages.invalidFormat("^[a-z]+$")));
    assertThat(v.validate(new JsonObject().put("email", 5))).containsExactly(
        new TraitViolation("traits.email", Messages.wrongType(List.of("string"), "number")));
    assertThat(v.validate(new JsonObject().put("email", "a@b.cd").put("name", new JsonObject().put("last", "x"))))
        .containsExactly(new TraitViolation("traits.name.first", Messages.required("first")));
    assertThat(v.validate(new JsonObject().put("email", "a@b.cd").put("age", 17)))
        .containsExactly(new TraitViolation("traits.age", Messages.minimum(18, 17)));
    assertThat(v.validate(new JsonObject().put("email", "a@b.cd").put("foo", 1))).containsExactly(
        new TraitViolation("traits", Messages.validationGeneric("additionalProperties \"foo\" not allowed")));
    assertThat(Messages.required("email").toJson().encode()).isEqualTo("{\"id\":4000002,\"text\":\"Property email is "
        + "missing.\",\"type\":\"error\",\"context\":{\"property\":\"email\"}}");
  }

  @Test
  void buildsTraitNodesLikeKratos() throws Exception {
    IdentitySchema s = schema();
    List<UiNode> nodes = TraitNodes.nodes(s, NodeGroup.DEFAULT);
    JsonArray json = new JsonArray();
    nodes.forEach(n -> json.add(n.toJson()));
    JsonArray expected = new JsonArray("""
        [{"type":"input","group":"default","attributes":{"name":"traits.email","type":"email","required":true,
        "autocomplete":"email","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,
        "text":"E-Mail","type":"info","context":{"name":"traits.email","title":"E-Mail"}}}},
        {"type":"input","group":"default","attributes":{"name":"traits.username","type":"text","pattern":"^[a-z]+$",
        "disabled":false,"node_type":"input"},"messages":[],"meta":{}},
        {"type":"input","group":"default","attributes":{"name":"traits.age","type":"number","disabled":false,
        "node_type":"input"},"messages":[],"meta":{}},
        {"type":"input","group":"default","attributes":{"name":"traits.newsletter","type":"checkbox",
        "disabled":false,"node_type":"input"},"messages":[],"meta":{}},
        {"type":"input","group":"default","attributes":{"name":"traits.phone","type":"tel","autocomplete":"tel",
        "disabled":false,"node_type":"input"},"messages":[],"meta":{}},
        {"type":"input","group":"default","attributes":{"name":"traits.name.first","type":"text","required":true,
        "disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,"text":"First Name",
        "type":"info","context":{"name":"traits.name.first","title":"First Name"}}}},
        {"type":"input","group":"default","attributes":{"name":"traits.name.last","type":"text","disabled":false,
        "node_type":"input"},"messages":[],"meta":{}}]""");
    assertThat(json.encode()).isEqualTo(expected.encode());

    UiContainer ui = new UiContainer("/settings");
    TraitNodes.nodes(s, NodeGroup.PROFILE).forEach(ui::appendNode);
    TraitNodes.fill(ui, new JsonObject().put("email", "a@b.cd").put("name", new JsonObject().put("first", "A")),
        NodeGroup.PROFILE);
    assertThat(ui.find("traits.email").orElseThrow().value()).isEqualTo("a@b.cd");
    assertThat(ui.find("traits.name.first").orElseThrow().value()).isEqualTo("A");
  }

  @Test
  void identifierLabelFollowsKratos() throws Exception {
    // two identifier traits: Kratos falls back to "ID"
    assertThat(TraitNodes.identifierLabel(schema())).isEqualTo(Messages.labelId());
    assertThat(TraitNodes.identifierLabel(SchemaLoader.builtIn()))
        .isEqualTo(Messages.labelGenerated("E-Mail", "traits.email"));
  }
}
