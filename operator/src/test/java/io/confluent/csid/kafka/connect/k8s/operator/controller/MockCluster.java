package io.confluent.csid.kafka.connect.k8s.operator.controller;

import static org.awaitility.Awaitility.await;

import io.confluent.csid.kafka.connect.k8s.operator.crd.ConnectorConfig;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorSpec;
import io.confluent.csid.kafka.connect.k8s.operator.crd.SecretKeyReference;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Plays the parts a bare API server lacks: the user, the connector pod publishing task configs, and
 * the kubelet writing pod statuses (the mock server has no controllers at all).
 */
final class MockCluster {

  static final String NS = "test";
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KubernetesClient client;

  MockCluster(KubernetesClient client) {
    this.client = client;
  }

  KafkaConnector createConnector(String name, String workerSecret, Map<String, String> config) {
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(workerSecret)
                .endMetadata()
                .addToData("worker.properties", base64("bootstrap.servers=kafka:9092\n"))
                .build())
        .createOr(existing -> existing.update());
    KafkaConnector connector = new KafkaConnector();
    connector.getMetadata().setName(name);
    connector.getMetadata().setNamespace(NS);
    connector
        .getMetadata()
        .setLabels(new TreeMap<>(Map.of("project", "billing", "cost-center", "42")));
    KafkaConnectorSpec spec = new KafkaConnectorSpec();
    spec.setConnectorConfig(ConnectorConfig.of(config));
    spec.setWorkerConfigSecret(new SecretKeyReference(workerSecret, null));
    connector.setSpec(spec);
    return client.resource(connector).create();
  }

  KafkaConnector connector(String name) {
    return client.resources(KafkaConnector.class).inNamespace(NS).withName(name).get();
  }

  /** A user's edit, retried like kubectl does when the operator wrote the object meanwhile. */
  void editConnector(String name, java.util.function.UnaryOperator<KafkaConnector> change) {
    await()
        .atMost(TIMEOUT)
        .ignoreExceptionsInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .until(
            () -> {
              client.resources(KafkaConnector.class).inNamespace(NS).withName(name).edit(change);
              return true;
            });
  }

  StatefulSet statefulSet(String name) {
    return client.apps().statefulSets().inNamespace(NS).withName(name).get();
  }

  /** The config hash the operator gave the connector pod: what the runner publishes under. */
  String connectorPodConfigHash(String connector) {
    return statefulSet(connector + "-connector")
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .stream()
        .filter(e -> e.getName().equals("CONNECT_K8S_CONFIG_HASH"))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  /** What the runner's connector pod does once Connect computed task configs. */
  void publishTaskConfigs(String connector, String configHash, int tasks, String variant) {
    client
        .secrets()
        .inNamespace(NS)
        .withName(connector + "-tasks")
        .edit(
            secret -> {
              Map<String, String> data = new TreeMap<>();
              for (int i = 0; i < tasks; i++) {
                data.put(
                    "task-" + i, base64("{\"task.id\":\"" + i + "\",\"v\":\"" + variant + "\"}"));
              }
              secret.setData(data);
              secret
                  .getMetadata()
                  .setAnnotations(new TreeMap<>(Map.of("connect-k8s.io/config-hash", configHash)));
              return secret;
            });
  }

  Secret tasksSecret(String connector) {
    return client.secrets().inNamespace(NS).withName(connector + "-tasks").get();
  }

  /** What the StatefulSet controller and the kubelet would do: a pod, with a status. */
  Pod startPod(String connector, String component, String podName, PodStatus status) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName)
            .withNamespace(NS)
            .withLabels(Labels.standard(connector, component))
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("runner")
            .withImage("runner")
            .endContainer()
            .endSpec()
            .build();
    client.pods().inNamespace(NS).resource(pod).createOr(existing -> existing.update());
    Pod created = client.pods().inNamespace(NS).withName(podName).get();
    created.setStatus(status);
    return client.pods().inNamespace(NS).resource(created).updateStatus();
  }

  static void eventually(Runnable assertion) {
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(assertion::run);
  }

  static <T> T eventuallyGet(Supplier<T> supplier) {
    return await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(supplier::get, v -> v != null);
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
