package io.portcullis.ruleset.source;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * A Kubernetes API on a free loopback port: fabric8's mock server in CRUD mode (a real HTTP server that stores what
 * it is sent and serves list and watch), knowing Maester's {@code Rule} resource.
 */
public final class KubernetesApi implements AutoCloseable {
  public final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
      new KubernetesCrudDispatcher(), false);
  public final NamespacedKubernetesClient client;

  public KubernetesApi() {
    server.init(InetAddress.getLoopbackAddress(), 0);
    server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("oathkeeper.ory.sh")
        .withVersion("v1alpha1").withKind("Rule").withPlural("rules").withScope("Namespaced").build());
    client = server.createClient();
  }

  /** Where a client outside this JVM's objects reaches it, e.g. for {@code kubernetes.master}. */
  public String url() {
    return client.getConfiguration().getMasterUrl();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
