package io.portcullis.ruleset.source;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code k8s-rules://NAMESPACE} (or {@code k8s-rules://*} for every namespace): Oathkeeper Maester's {@code Rule}
 * resources ({@code oathkeeper.ory.sh/v1alpha1}), read with list + watch, so that Maester is not needed. Each Rule
 * becomes one document that {@code RuleParser} converts as Maester does (id {@code NAME.NAMESPACE}, the handlers
 * Maester defaults). Each Rule is checked on its own when it changes and its {@code status.validation} written back as
 * Maester does ({@code valid}, and {@code validationError} when not valid). Unlike Maester, a Rule whose change is
 * invalid keeps its last valid version serving instead of vanishing; a new invalid Rule is not served.
 */
public final class RuleResourceSource implements RuleSource {
  public static final ResourceDefinitionContext RULES = new ResourceDefinitionContext.Builder()
      .withGroup("oathkeeper.ory.sh").withVersion("v1alpha1").withKind("Rule").withPlural("rules")
      .withNamespaced(true).build();
  private static final Logger LOG = LoggerFactory.getLogger(RuleResourceSource.class);

  private final String location;
  private final KubernetesClient client;
  private final RuleCheck check;
  private final KubernetesWatch<GenericKubernetesResource> watch;
  /** Latest object per namespace/name, as the watch saw it; only touched under this object's lock. */
  private final Map<String, GenericKubernetesResource> latest = new HashMap<>();
  private final Set<String> changed = new HashSet<>();
  private Runnable listener = () -> { };
  /** Only touched by {@link #read()}, which the rules role never runs twice at once. */
  private final Map<String, Checked> checked = new HashMap<>();
  private final Map<String, RuleDocument> serving = new TreeMap<>();

  /** @param namespace one namespace, or null for all */
  public RuleResourceSource(String location, KubernetesClient client, String namespace, RuleCheck check) {
    this.location = location;
    this.client = client;
    this.check = check;
    var rules = client.genericKubernetesResources(RULES);
    Informable<GenericKubernetesResource> scope = namespace == null ? rules.inAnyNamespace()
        : rules.inNamespace(namespace);
    this.watch = new KubernetesWatch<>(location, scope, new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource rule) {
        seen(key(rule), rule);
      }

      @Override
      public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource rule) {
        seen(key(rule), rule);
      }

      @Override
      public void onDelete(GenericKubernetesResource rule, boolean finalStateUnknown) {
        seen(key(rule), null);
      }
    });
  }

  private record Checked(String content, List<RuleProblem> problems) {
    String error() {
      return problems.stream().map(RuleProblem::message).collect(Collectors.joining("; "));
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public synchronized void onChange(Runnable listener) {
    this.listener = listener;
  }

  private static String key(GenericKubernetesResource rule) {
    return rule.getMetadata().getNamespace() + "/" + rule.getMetadata().getName();
  }

  private void seen(String key, GenericKubernetesResource rule) {
    Runnable notify;
    synchronized (this) {
      if (rule == null) {
        latest.remove(key);
      } else {
        latest.put(key, rule);
      }
      changed.add(key);
      notify = listener;
    }
    notify.run();
  }

  @Override
  public List<RuleDocument> read() throws RuleException {
    watch.ensureStarted();
    Map<String, GenericKubernetesResource> updates = new LinkedHashMap<>();
    synchronized (this) {
      changed.forEach(key -> updates.put(key, latest.get(key)));
      changed.clear();
    }
    updates.forEach(this::apply);
    return List.copyOf(serving.values());
  }

  private void apply(String key, GenericKubernetesResource rule) {
    if (rule == null) {
      checked.remove(key);
      serving.remove(key);
      return;
    }
    RuleDocument document = document(key, rule);
    Checked result = checked.get(key);
    if (result == null || !result.content().equals(document.content())) {
      result = new Checked(document.content(), check.problems(document));
      checked.put(key, result);
      if (!result.problems().isEmpty()) {
        LOG.warn("{} is invalid; {}: {}", document.name(), serving.containsKey(key)
            ? "its last valid version keeps serving" : "it is not served", result.error());
      }
    }
    if (result.problems().isEmpty()) {
      serving.put(key, document);
    }
    writeStatus(key, rule, result);
  }

  /** Only what the rule depends on, so that a status write or a label change reads as no change. */
  private RuleDocument document(String key, GenericKubernetesResource rule) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", rule.getMetadata().getName());
    metadata.put("namespace", rule.getMetadata().getNamespace());
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("apiVersion", rule.getApiVersion());
    resource.put("kind", rule.getKind());
    resource.put("metadata", metadata);
    resource.put("spec", rule.getAdditionalProperties().get("spec"));
    return new RuleDocument("Rule " + key, new JsonObject(resource).encode());
  }

  /** Maester's status: {@code {valid: true}} or {@code {valid: false, validationError: "..."}}; written when it differs. */
  private void writeStatus(String key, GenericKubernetesResource rule, Checked result) {
    boolean valid = result.problems().isEmpty();
    String error = valid ? null : result.error();
    if (rule.getAdditionalProperties().get("status") instanceof Map<?, ?> status
        && status.get("validation") instanceof Map<?, ?> validation
        && Boolean.valueOf(valid).equals(validation.get("valid"))
        && Objects.equals(error, validation.get("validationError"))) {
      return;
    }
    JsonObject validation = new JsonObject().put("valid", valid);
    if (error != null) {
      validation.put("validationError", error);
    }
    // The whole status is replaced, as Maester's update does (so an earlier validationError goes), but nothing else.
    String patch = new JsonArray().add(new JsonObject().put("op", "add").put("path", "/status")
        .put("value", new JsonObject().put("validation", validation))).encode();
    try {
      client.genericKubernetesResources(RULES).inNamespace(rule.getMetadata().getNamespace())
          .withName(rule.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON), patch);
    } catch (KubernetesClientException e) {
      LOG.warn("writing status.validation of Rule {} failed (tried again at the next reload): {}", key,
          e.getMessage());
      synchronized (this) {
        changed.add(key);
      }
    }
  }

  @Override
  public String degraded() {
    List<String> invalid = new ArrayList<>();
    checked.forEach((key, result) -> {
      if (!result.problems().isEmpty()) {
        invalid.add("Rule " + key + " is invalid (" + (serving.containsKey(key) ? "its last valid version keeps "
            + "serving" : "not served") + "): " + result.error());
      }
    });
    String watching = watch.interrupted();
    if (watching != null) {
      invalid.add(watching);
    }
    return invalid.isEmpty() ? null : String.join("\n", invalid.stream().sorted().toList());
  }

  @Override
  public void close() {
    watch.close();
  }
}
