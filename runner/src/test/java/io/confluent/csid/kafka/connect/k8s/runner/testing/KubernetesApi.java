package io.confluent.csid.kafka.connect.k8s.runner.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.Map;

/**
 * fabric8's CRUD mock API server (Secrets, ConfigMaps, watches), and the environment that points a
 * runner process at it as if it were in-cluster.
 */
public final class KubernetesApi implements AutoCloseable {

  public static final String NAMESPACE = "test";

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public KubernetesApi() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    client = server.createClient();
  }

  public KubernetesClient client() {
    return client;
  }

  public Map<String, String> env() {
    return Map.of(
        "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL",
        "http://" + server.getHostName() + ":" + server.getPort(),
        "QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS",
        "true",
        "QUARKUS_KUBERNETES_CLIENT_NAMESPACE",
        NAMESPACE,
        "POD_NAMESPACE",
        NAMESPACE);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
