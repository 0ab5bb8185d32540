package io.portcullis.ruleset.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.parse.RuleParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Maester's Rule resources created, updated (validly and not), and deleted through a Kubernetes API on loopback, with
 * {@code status.validation} written back. The check here is the parser's (it does Maester's conversion); the rules
 * role also compiles against the configured handlers (see the server module's tests).
 */
class RuleResourceSourceTest {
  private static final RuleCheck PARSE = document -> {
    try {
      RuleParser.parse(document.name(), document.content());
      return List.of();
    } catch (RuleException e) {
      return e.problems();
    }
  };

  private final KubernetesApi api = new KubernetesApi();

  @AfterEach
  void stop() {
    api.close();
  }

  /** The seed's Rule (its Ingress beside it is not for us). */
  private GenericKubernetesResource seedRule() throws Exception {
    String list = Files.readString(Path.of("../../../shared/reference/seed-setup/protected-endpoint-vmagent.yml"));
    String rule = list.substring(list.indexOf("  - apiVersion: oathkeeper.ory.sh/v1alpha1")).replace("\n    ", "\n")
        .substring("  - ".length());
    return api.client.getKubernetesSerialization().unmarshal(rule, GenericKubernetesResource.class);
  }

  private void put(GenericKubernetesResource rule) {
    api.client.genericKubernetesResources(RuleResourceSource.RULES).inNamespace(rule.getMetadata().getNamespace())
        .resource(rule).createOr(NonDeletingOperation::update);
  }

  private Map<?, ?> validation(String namespace, String name) {
    GenericKubernetesResource rule = api.client.genericKubernetesResources(RuleResourceSource.RULES)
        .inNamespace(namespace).withName(name).get();
    return rule.getAdditionalProperties().get("status") instanceof Map<?, ?> status
        && status.get("validation") instanceof Map<?, ?> v ? v : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource rule) {
    return (Map<String, Object>) rule.getAdditionalProperties().get("spec");
  }

  @Test
  void followsRulesAndWritesTheirValidationBack() throws Exception {
    try (RuleResourceSource source = new RuleResourceSource("k8s-rules://default", api.client, "default", PARSE)) {
      assertThat(source.read()).isEmpty();

      GenericKubernetesResource vmagent = seedRule();
      put(vmagent);
      Await.until("the Rule is served", () -> documents(source).size() == 1);
      RuleDocument served = source.read().get(0);
      assertThat(served.name()).isEqualTo("Rule default/vmagent");
      assertThat(RuleParser.parse(served.name(), served.content()).get(0).id()).as("Maester's id").isEqualTo(
          "vmagent.default");
      assertThat(validation("default", "vmagent")).isEqualTo(Map.of("valid", true));

      // An invalid update: the status says why, and the last valid version keeps serving.
      spec(vmagent).put("match", Map.of("url", "http://vmagent.localhost/<.*>", "methods", List.of("FETCH")));
      vmagent.getMetadata().setResourceVersion(null);
      put(vmagent);
      Await.until("the invalid update is reported", () -> {
        documents(source);
        Map<?, ?> v = validation("default", "vmagent");
        return v != null && v.get("valid").equals(false);
      });
      assertThat((String) validation("default", "vmagent").get("validationError")).isEqualTo(
          "Rule default/vmagent: rule \"vmagent.default\": field \"spec.match.methods[0]\" has value \"FETCH\": "
              + "expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT");
      assertThat(source.read()).containsExactly(served);
      assertThat(source.degraded()).startsWith("Rule default/vmagent is invalid (its last valid version keeps "
          + "serving): ");

      // A new Rule without a spec is refused on its own; the others are unaffected.
      GenericKubernetesResource empty = api.client.getKubernetesSerialization().unmarshal("""
          apiVersion: oathkeeper.ory.sh/v1alpha1
          kind: Rule
          metadata: {name: empty, namespace: default}
          """, GenericKubernetesResource.class);
      put(empty);
      Await.until("the new invalid Rule is reported", () -> {
        documents(source);
        return validation("default", "empty") != null;
      });
      assertThat(validation("default", "empty").get("valid")).isEqualTo(false);
      assertThat(source.read()).containsExactly(served);

      // Fixed: served, and the error is gone from the status.
      spec(vmagent).put("match", Map.of("url", "http://vmagent.localhost/<.*>", "methods", List.of("GET")));
      put(vmagent);
      Await.until("the fixed Rule is served", () -> documents(source).toString().contains("vmagent.localhost/<.*>"));
      Await.until("the status is valid again", () -> Map.of("valid", true).equals(validation("default", "vmagent")));

      api.client.genericKubernetesResources(RuleResourceSource.RULES).inNamespace("default").withName("vmagent")
          .delete();
      api.client.genericKubernetesResources(RuleResourceSource.RULES).inNamespace("default").withName("empty")
          .delete();
      Await.until("the deleted Rules are gone", () -> documents(source).isEmpty() && source.degraded() == null);
    }
  }

  @Test
  void everyNamespaceWithAStar() throws Exception {
    try (RuleResourceSource source = new RuleResourceSource("k8s-rules://*", api.client, null, PARSE)) {
      GenericKubernetesResource rule = seedRule();
      put(rule);
      rule.getMetadata().setNamespace("monitoring");
      rule.getMetadata().setResourceVersion(null);
      put(rule);
      Await.until("both namespaces are served", () -> documents(source).size() == 2);
      assertThat(source.read()).extracting(RuleDocument::name)
          .containsExactly("Rule default/vmagent", "Rule monitoring/vmagent");
    }
  }

  private static List<RuleDocument> documents(RuleResourceSource source) {
    try {
      return source.read();
    } catch (RuleException e) {
      throw new AssertionError(e);
    }
  }
}
