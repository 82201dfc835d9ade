package io.confluent.csid.kafka.connect.k8s.bench.operator;

import io.confluent.csid.kafka.connect.k8s.e2e.KafkaConnectors;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's KafkaConnectors and the objects the operator must make for each: the list of
 * docs/operator.md and operator/.../dependent/ (no tasks Service: the bench's connectors list no
 * ports). Names are spelled out here rather than imported, so that the bench needs none of the
 * operator's Quarkus classpath.
 */
final class ConnectorObjects {

  static final ResourceDefinitionContext KAFKA_CONNECTORS = KafkaConnectors.CONTEXT;

  static final String WORKER_SECRET = "worker-config";
  static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
  static final String MANAGED_SELECTOR_KEY = "app.kubernetes.io/managed-by";
  static final String MANAGED_SELECTOR_VALUE = "connect-k8s-operator";
  static final String CONFIG_HASH = "connect-k8s.io/config-hash";
  static final String CONNECTOR_JSON = "connector.json";

  /** Kind and name of each object the operator owns for connector {@code name}. */
  record Owned(String kind, String name) {}

  private ConnectorObjects() {}

  static String name(int index) {
    return "bench-%04d".formatted(index);
  }

  static List<Owned> owned(String name) {
    return List.of(
        new Owned("Secret", name + "-config"),
        new Owned("Secret", name + "-tasks"),
        new Owned("ConfigMap", name + "-state"),
        new Owned("ServiceAccount", name + "-runner"),
        new Owned("Role", name + "-runner"),
        new Owned("RoleBinding", name + "-runner"),
        new Owned("Service", name + "-connector"),
        new Owned("Service", name + "-tasks"),
        new Owned("StatefulSet", name + "-connector"),
        new Owned("StatefulSet", name + "-tasks"));
  }

  /** The pod the StatefulSet controller makes for the connector (task pods wait for configs). */
  static String connectorPod(String name) {
    return name + "-connector-0";
  }

  /** A topic name that differs per revision: the config value the update phase changes. */
  static String topic(String name, int revision) {
    return name + "-r" + revision;
  }

  /** A FileStreamSource-shaped KafkaConnector, like the e2e fixture, at config revision 1. */
  static GenericKubernetesResource connector(String namespace, String name) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector");
    config.put("tasks.max", "1");
    config.put("file", "/tmp/connect-k8s-bench/" + name + ".txt");
    config.put("topic", topic(name, 1));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("io.confluent.csid/v1")
        .withKind("KafkaConnector")
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .addToAdditionalProperties(
            "spec",
            Map.of("workerConfigSecret", Map.of("name", WORKER_SECRET), "connectorConfig", config))
        .build();
  }

  /** JSON merge patch that moves a connector to config revision {@code revision}. */
  static String topicPatch(String name, int revision) {
    return "{\"spec\":{\"connectorConfig\":{\"topic\":\"" + topic(name, revision) + "\"}}}";
  }
}
