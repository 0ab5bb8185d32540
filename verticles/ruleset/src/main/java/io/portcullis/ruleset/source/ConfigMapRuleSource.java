package io.portcullis.ruleset.source;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code k8s-configmap://NAMESPACE/NAME}: the {@code .json}, {@code .yaml} and {@code .yml} keys of one ConfigMap (the
 * layout Maester writes, {@code access-rules.json}), read with list + watch so that a change applies at once, without
 * waiting for the kubelet to refresh a mounted volume. A ConfigMap that is deleted keeps its last documents serving
 * (as a deleted file does); one that does not exist at start is an error.
 */
public final class ConfigMapRuleSource implements RuleSource {
  private final String location;
  private final String namespace;
  private final String name;
  private final KubernetesWatch<ConfigMap> watch;
  private Runnable listener = () -> { };
  private Map<String, String> data;
  private boolean deleted;

  public ConfigMapRuleSource(String location, KubernetesClient client, String namespace, String name) {
    this.location = location;
    this.namespace = namespace;
    this.name = name;
    this.watch = new KubernetesWatch<>(location, client.configMaps().inNamespace(namespace).withName(name),
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(ConfigMap map) {
            seen(map);
          }

          @Override
          public void onUpdate(ConfigMap before, ConfigMap map) {
            seen(map);
          }

          @Override
          public void onDelete(ConfigMap map, boolean finalStateUnknown) {
            gone();
          }
        });
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public synchronized void onChange(Runnable listener) {
    this.listener = listener;
  }

  private void seen(ConfigMap map) {
    Runnable notify;
    synchronized (this) {
      data = map.getData() == null ? Map.of() : new TreeMap<>(map.getData());
      deleted = false;
      notify = listener;
    }
    notify.run();
  }

  private void gone() {
    Runnable notify;
    synchronized (this) {
      deleted = true;
      notify = listener;
    }
    notify.run();
  }

  @Override
  public List<RuleDocument> read() throws RuleException {
    watch.ensureStarted();
    synchronized (this) {
      if (data == null) {
        throw new RuleException(List.of(new RuleProblem(location, null, "access_rules.repositories", location,
            "an existing ConfigMap " + namespace + "/" + name)));
      }
      List<RuleDocument> documents = new ArrayList<>();
      data.forEach((key, text) -> {
        if (FileRuleSource.isRuleFile(key)) {
          documents.add(new RuleDocument("ConfigMap " + namespace + "/" + name + " key " + key, text));
        }
      });
      return documents;
    }
  }

  @Override
  public String degraded() {
    synchronized (this) {
      if (deleted) {
        return location + ": the ConfigMap was deleted; its last documents keep serving";
      }
    }
    return watch.interrupted();
  }

  @Override
  public void close() {
    watch.close();
  }
}
