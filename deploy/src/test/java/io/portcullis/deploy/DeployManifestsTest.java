package io.portcullis.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.deploy.Yaml.Doc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The manifests under deploy/ as an operator would apply them, without kubectl or a cluster: see {@link DeployChecks}.
 * The broken copies show that each kind of mistake is caught, and named.
 */
class DeployManifestsTest {
  /** The module's folder is deploy/ itself. */
  private static final Path DEPLOY = Path.of("").toAbsolutePath().normalize();
  /** The seed's Ingress and Rule, as published (the copy the seed's browser test reads; identical to the reference). */
  private static final Path RUNBOOKS = DEPLOY.resolve("../docs/operations.md").normalize();
  private static final Path SEED = DEPLOY.resolve("../verticles/server/src/test/resources/seed/"
      + "protected-endpoint-vmagent.yml").normalize();

  @Test
  void everyManifestParsesResolvesAndLoads() {
    DeployChecks.Result result = DeployChecks.run(DEPLOY);
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void theSeedsRuleSatisfiesTheCrdSchema() {
    CrdSchema crd = CrdSchema.of(Yaml.documents(DEPLOY.resolve("kubernetes/crd/oathkeeper.ory.sh_rules.yaml")).get(0));
    List<Doc> rules = Yaml.maps(Yaml.documents(SEED).get(0).body().get("items")).stream()
        .map(item -> new Doc(SEED, 0, item)).filter(crd::governs).toList();
    assertThat(rules).hasSize(1);
    assertThat(crd.validate(rules.get(0).body())).isEmpty();
    List<String> problems = new ArrayList<>();
    KubernetesObjects.check(rules.get(0), problems);
    assertThat(problems).isEmpty();
  }

  @Test
  void theCrdSchemaRefusesWhatTheApiServerRefuses() {
    CrdSchema crd = CrdSchema.of(Yaml.documents(DEPLOY.resolve("kubernetes/crd/oathkeeper.ory.sh_rules.yaml")).get(0));
    var rule = Yaml.map(Yaml.maps(Yaml.documents(SEED).get(0).body().get("items")).get(1));
    Yaml.map(Yaml.at(rule, "spec.upstream")).put("preserve_host", true);
    Yaml.map(Yaml.at(rule, "spec.match")).remove("methods");
    Yaml.map(Yaml.at(rule, "spec.authorizer")).put("config", java.util.Map.of("anything", "goes"));
    assertThat(crd.validate(rule)).hasSize(2).anySatisfy(p -> assertThat(p).contains("/spec/upstream")
        .contains("preserve_host")).anySatisfy(p -> assertThat(p).contains("/spec/match").contains("methods"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', textBlock = """
      a missing resource ; kubernetes/base/kustomization.yaml ; - hpa-edge.yaml ; - hpa.yaml ; resources entry hpa.yaml does not exist
      a missing base ; kubernetes/overlays/local/kustomization.yaml ; - ../../base ; - ../../bases ; resources entry ../../bases does not exist
      a missing patch ; kubernetes/base/kustomization.yaml ; path: pod-stores.yaml ; path: pod-store.yaml ; patch pod-store.yaml does not exist
      a patch matching nothing ; kubernetes/base/kustomization.yaml ; portcullis-(edge|identity)\\" ; portcullis-(egde|idnetity)\\" ; matches no resource
      a missing generator file ; kubernetes/base/kustomization.yaml ; - rules.yml ; - rule.yml ; file rule.yml does not exist
      an unknown config key ; kubernetes/overlays/local/config.yml ; lifespan: 24h ; life_span: 24h ; portcullis.identity.session.life_span: unknown key
      an unknown env variable ; kubernetes/base/pod-stores.yaml ; PORTCULLIS_PORTCULLIS_AUDIT_ENABLED ; PORTCULLIS_PORTCULLIS_AUDIT_ON ; PORTCULLIS_PORTCULLIS_AUDIT_ON: does not name a configuration key
      an undefined $(VAR) ; kubernetes/base/pod-common.yaml ; name: POD_IP ; name: POD_ADDRESS ; refers to $(POD_IP), which is not defined before it
      an undocumented Secret ; kubernetes/overlays/production/kustomization.yaml ; generic portcullis-smtp ; generic portcullis-mail ; Secret portcullis-smtp key connection_uri is neither generated
      a wrong target port ; kubernetes/base/services.yaml ; targetPort: public} ; targetPort: publik} ; targets port publik
      a Rule the CRD refuses ; kubernetes/overlays/local/rule-prometheus.yaml ; preserveHost: true ; preserve_host: true ; /spec/upstream
      a rule the parser refuses ; compose/rules/whoami.yml ; authorizer: {handler: allow} ; authorizer: {handler: allow, config: 3} ; rule "whoami": field "authorizer.config"
      a handler not enabled   ; kubernetes/overlays/local/rule-prometheus.yaml ; handler: allow ; handler: remote_json ; expected an enabled authorizer
      a duplicate key ; kubernetes/base/hpa-edge.yaml ; minReplicas: 2 ; minReplicas: 2\\n  minReplicas: 3 ; duplicate key minReplicas
      a lost hardening ; kubernetes/base/pod-common.yaml ; readOnlyRootFilesystem: true ; readOnlyRootFilesystem: false ; needs readOnlyRootFilesystem: true
      a compose service typo ; compose/compose.yaml ; postgres: {condition ; postgre: {condition ; depends on postgre, which is not a service
      a scrape of a wrong port ; observability/victoriametrics/vmservicescrape.yaml ; - port: metrics ; - port: metriks ; scrapes port metriks of Service portcullis-metrics
      a scrape selecting nothing ; observability/prometheus-operator/servicemonitor.yaml ; component: metrics} ; component: metric} ; selects no Service
      an alert without a summary ; observability/victoriametrics/vmrule.yaml ; summary: \"{{ $labels.instance }} does not ; sumary: \"{{ $labels.instance }} does not ; lacks spec.groups[].rules[].annotations.summary
      a missing component file ; observability/grafana/kustomization.yaml ; - portcullis-dashboard.json ; - dashboard.json ; file dashboard.json does not exist
      """)
  void aBrokenCopyIsRefused(String what, String file, String from, String to, String expected,
      @TempDir Path copy) throws IOException {
    copyDeploy(copy);
    Path target = copy.resolve(file);
    String text = Files.readString(target);
    String broken = text.replace(from.replace("\\\"", "\""), to.replace("\\\"", "\"").replace("\\n", "\n"));
    assertThat(broken).as("the change to " + file).isNotEqualTo(text);
    Files.writeString(target, broken);
    assertThat(DeployChecks.run(copy).problems()).as(what).anySatisfy(p -> assertThat(p).contains(expected));
  }

  @Test
  void bothAlertFilesCarryTheSameAlertsEachWithItsRunbook() {
    assertThat(AlertRules.check(DEPLOY.resolve("observability"), RUNBOOKS)).isEmpty();
  }

  @Test
  void alertFilesThatDifferOrLackARunbookAreRefused(@TempDir Path copy) throws IOException {
    copyDeploy(copy);
    Path vmrule = copy.resolve("observability/victoriametrics/vmrule.yaml");
    Files.writeString(vmrule, Files.readString(vmrule).replace("for: 2m", "for: 3m")
        .replace("alert: PortcullisInstanceDown", "alert: PortcullisNodeDown"));
    Path prometheusRule = copy.resolve("observability/prometheus-operator/prometheusrule.yaml");
    Files.writeString(prometheusRule, Files.readString(prometheusRule)
        .replace("alert: PortcullisInstanceDown", "alert: PortcullisNodeDown"));
    assertThat(AlertRules.check(copy.resolve("observability"), RUNBOOKS))
        .anySatisfy(p -> assertThat(p).contains("spec.groups differ"))
        .anySatisfy(p -> assertThat(p).contains("alert PortcullisNodeDown has no runbook"));
  }

  @Test
  void aFileNothingUsesIsReported(@TempDir Path copy) throws IOException {
    copyDeploy(copy);
    Files.writeString(copy.resolve("kubernetes/base/forgotten.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
    assertThat(DeployChecks.run(copy).problems()).contains(copy.resolve("kubernetes/base/forgotten.yaml")
        + ": no kustomization or compose file uses it");
  }

  private static void copyDeploy(Path into) throws IOException {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      for (Path p : files.filter(p -> !p.startsWith(DEPLOY.resolve("src")) && !p.startsWith(DEPLOY.resolve("target")))
          .toList()) {
        Path target = into.resolve(DEPLOY.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
