package io.portcullis.ruleset.source;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleProblem;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A list + watch of Kubernetes objects (fabric8's informer: it re-lists and re-watches by itself after a lost
 * connection), started on the first read so that a node that cannot list its sources does not start.
 */
final class KubernetesWatch<T extends HasMetadata> implements AutoCloseable {
  private static final long START_TIMEOUT_SECONDS = 30;

  private final String location;
  private final Informable<T> informable;
  private final ResourceEventHandler<T> handler;
  private SharedIndexInformer<T> informer;

  KubernetesWatch(String location, Informable<T> informable, ResourceEventHandler<T> handler) {
    this.location = location;
    this.informable = informable;
    this.handler = handler;
  }

  /** Lists and starts watching once; blocking. */
  synchronized void ensureStarted() throws RuleException {
    if (informer != null) {
      return;
    }
    SharedIndexInformer<T> started = informable.runnableInformer(0);
    started.addEventHandler(handler);
    try {
      started.start().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      started.close();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new RuleException(List.of(new RuleProblem(location, null, null, String.valueOf(cause),
          "a Kubernetes API that lists and watches it (is the API reachable, does the service account may list and "
              + "watch?)")));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started.close();
      throw new RuleException(List.of(new RuleProblem(location, null, null, "interrupted", "a started watch")));
    }
    informer = started;
  }

  /** Null while the watch runs; otherwise why changes may be missed for now. */
  synchronized String interrupted() {
    return informer == null || informer.isWatching() ? null
        : location + ": the watch is reconnecting; changes since are applied once it is back";
  }

  @Override
  public synchronized void close() {
    if (informer != null) {
      informer.close();
      informer = null;
    }
  }
}
