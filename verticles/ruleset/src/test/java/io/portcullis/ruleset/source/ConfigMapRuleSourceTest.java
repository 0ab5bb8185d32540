package io.portcullis.ruleset.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.portcullis.rules.RuleException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A rules ConfigMap created, updated and deleted through a Kubernetes API on loopback. */
class ConfigMapRuleSourceTest {
  private final KubernetesApi api = new KubernetesApi();
  private final AtomicInteger changes = new AtomicInteger();

  @AfterEach
  void stop() {
    api.close();
  }

  private void put(String json) {
    api.client.configMaps().inNamespace("edge").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("rules").withNamespace("edge").endMetadata()
        .addToData("access-rules.json", json).addToData("README", "not rules").build()).createOr(NonDeletingOperation::update);
  }

  @Test
  void followsCreateUpdateAndDelete() throws Exception {
    ConfigMapRuleSource source = new ConfigMapRuleSource("k8s-configmap://edge/rules", api.client, "edge", "rules");
    source.onChange(changes::incrementAndGet);
    try (source) {
      assertThatThrownBy(source::read).as("a ConfigMap that does not exist at start").isInstanceOf(RuleException.class)
          .hasMessageContaining("expected an existing ConfigMap edge/rules");

      put("[{\"id\": \"one\"}]");
      Await.until("the ConfigMap is seen", () -> changes.get() >= 1);
      assertThat(source.read()).containsExactly(
          new RuleDocument("ConfigMap edge/rules key access-rules.json", "[{\"id\": \"one\"}]"));

      put("[{\"id\": \"two\"}]");
      Await.until("the update is seen", () -> contents(source).contains("two"));
      assertThat(source.degraded()).isNull();

      api.client.configMaps().inNamespace("edge").withName("rules").delete();
      Await.until("the delete is seen", () -> source.degraded() != null);
      assertThat(source.degraded()).isEqualTo(
          "k8s-configmap://edge/rules: the ConfigMap was deleted; its last documents keep serving");
      assertThat(contents(source)).as("the last documents keep serving").contains("two");

      put("[{\"id\": \"three\"}]");
      Await.until("the new ConfigMap is seen", () -> contents(source).contains("three"));
      assertThat(source.degraded()).isNull();
    }
  }

  private static String contents(ConfigMapRuleSource source) {
    try {
      return source.read().toString();
    } catch (RuleException e) {
      return e.getMessage();
    }
  }
}
