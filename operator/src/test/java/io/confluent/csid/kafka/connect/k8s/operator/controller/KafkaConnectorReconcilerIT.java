package io.confluent.csid.kafka.connect.k8s.operator.controller;

import static io.confluent.csid.kafka.connect.k8s.operator.controller.MockCluster.NS;
import static io.confluent.csid.kafka.connect.k8s.operator.controller.MockCluster.eventually;
import static io.confluent.csid.kafka.connect.k8s.operator.controller.MockCluster.eventuallyGet;
import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.crd.ConnectorPort;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The objects a KafkaConnector turns into, against the fabric8 mock API server. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class KafkaConnectorReconcilerIT {

  static final Map<String, String> CONFIG =
      Map.of(
          "connector.class",
          "FileStreamSource",
          "tasks.max",
          "3",
          "topic",
          "lines",
          "file",
          "/tmp/in");

  @Inject KubernetesClient client;
  MockCluster cluster;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster(client);
  }

  @Test
  void createsEveryObjectOwnedByTheConnector() {
    KafkaConnector connector = cluster.createConnector("create", "create-worker", CONFIG);

    List<HasMetadata> owned =
        eventuallyGet(
            () -> {
              List<HasMetadata> all =
                  List.of(
                      nullable(client.secrets().inNamespace(NS).withName("create-config").get()),
                      nullable(client.secrets().inNamespace(NS).withName("create-tasks").get()),
                      nullable(client.configMaps().inNamespace(NS).withName("create-state").get()),
                      nullable(
                          client.serviceAccounts().inNamespace(NS).withName("create-runner").get()),
                      nullable(
                          client.rbac().roles().inNamespace(NS).withName("create-runner").get()),
                      nullable(
                          client
                              .rbac()
                              .roleBindings()
                              .inNamespace(NS)
                              .withName("create-runner")
                              .get()),
                      nullable(
                          client.services().inNamespace(NS).withName("create-connector").get()),
                      nullable(client.services().inNamespace(NS).withName("create-tasks").get()),
                      nullable(cluster.statefulSet("create-connector")),
                      nullable(cluster.statefulSet("create-tasks")));
              return all.contains(MISSING) ? null : all;
            });

    assertThat(owned)
        .allSatisfy(
            o -> {
              assertThat(o.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(
                      ref -> {
                        assertThat(ref.getUid()).isEqualTo(connector.getMetadata().getUid());
                        assertThat(ref.getController()).isTrue();
                      });
              assertThat(o.getMetadata().getLabels())
                  .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                  .containsEntry("project", "billing");
            });
    assertThat(cluster.statefulSet("create-connector").getSpec().getReplicas()).isEqualTo(1);
    // The default image is the runner released with this operator.
    assertThat(
            cluster
                .statefulSet("create-connector")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo(
            "jcustenborder/connect-k8s-runner:"
                + ConfigProvider.getConfig().getValue("quarkus.application.version", String.class));
    // Nothing published yet: the task StatefulSet exists at zero, nothing errors.
    assertThat(cluster.statefulSet("create-tasks").getSpec().getReplicas()).isZero();
    assertThat(client.services().inNamespace(NS).withName("create").get()).isNull();
    assertThat(cluster.tasksSecret("create").getData()).isNullOrEmpty();
    eventually(
        () -> {
          var status = cluster.connector("create").getStatus();
          assertThat(status).isNotNull();
          assertThat(status.getConnectorClass()).isEqualTo("FileStreamSource");
          assertThat(status.getTasksReady()).isEqualTo("0/0");
          assertThat(condition(status, "Ready").getReason())
              .isIn("ConnectorNotReady", "WaitingForTaskConfigs");
        });
  }

  @Test
  void tasksFollowThePublishedTaskConfigs() {
    cluster.createConnector("scale", "scale-worker", CONFIG);
    String hash =
        eventuallyGet(
            () ->
                cluster.statefulSet("scale-connector") == null
                    ? null
                    : cluster.connectorPodConfigHash("scale"));
    String connectorTemplate = template(cluster.statefulSet("scale-connector"));

    cluster.publishTaskConfigs("scale", hash, 3, "a");
    eventually(
        () -> assertThat(cluster.statefulSet("scale-tasks").getSpec().getReplicas()).isEqualTo(3));
    String tasksHashA = taskConfigsHash(cluster.statefulSet("scale-tasks"));

    cluster.publishTaskConfigs("scale", hash, 2, "b");
    eventually(
        () -> assertThat(cluster.statefulSet("scale-tasks").getSpec().getReplicas()).isEqualTo(2));
    assertThat(taskConfigsHash(cluster.statefulSet("scale-tasks"))).isNotEqualTo(tasksHashA);

    cluster.publishTaskConfigs("scale", hash, 2, "c");
    eventually(
        () ->
            assertThat(taskConfigsHash(cluster.statefulSet("scale-tasks")))
                .isNotEqualTo(tasksHashA));
    // The connector pod published; it must not be restarted for it.
    assertThat(template(cluster.statefulSet("scale-connector"))).isEqualTo(connectorTemplate);
    eventually(
        () -> assertThat(cluster.connector("scale").getStatus().getTaskCount()).isEqualTo(2));
  }

  @Test
  void connectorConfigChangeRollsConnectorAndWaitsForFreshTaskConfigs() {
    cluster.createConnector("roll", "roll-worker", CONFIG);
    String hash =
        eventuallyGet(
            () ->
                cluster.statefulSet("roll-connector") == null
                    ? null
                    : cluster.connectorPodConfigHash("roll"));
    cluster.publishTaskConfigs("roll", hash, 2, "a");
    eventually(
        () -> assertThat(cluster.statefulSet("roll-tasks").getSpec().getReplicas()).isEqualTo(2));
    String otherConnector = "roll-bystander";
    cluster.createConnector(otherConnector, "roll-worker-2", CONFIG);
    String bystander =
        eventuallyGet(
            () ->
                cluster.statefulSet(otherConnector + "-connector") == null
                    ? null
                    : template(cluster.statefulSet(otherConnector + "-connector")));

    cluster.editConnector(
        "roll",
        c -> {
          var config = new java.util.TreeMap<>(c.getSpec().getConnectorConfig().toMap());
          config.put("topic", "other");
          c.getSpec()
              .setConnectorConfig(
                  io.confluent.csid.kafka.connect.k8s.operator.crd.ConnectorConfig.of(config));
          return c;
        });

    eventually(() -> assertThat(cluster.connectorPodConfigHash("roll")).isNotEqualTo(hash));
    String newHash = cluster.connectorPodConfigHash("roll");
    // Task configs of the old connector config are stale: no task runs them next to the new one.
    eventually(
        () -> assertThat(cluster.statefulSet("roll-tasks").getSpec().getReplicas()).isZero());
    cluster.publishTaskConfigs("roll", newHash, 2, "a");
    eventually(
        () -> assertThat(cluster.statefulSet("roll-tasks").getSpec().getReplicas()).isEqualTo(2));
    assertThat(configHash(cluster.statefulSet("roll-tasks"))).isEqualTo(newHash);
    assertThat(template(cluster.statefulSet(otherConnector + "-connector"))).isEqualTo(bystander);
  }

  @Test
  void workerSecretChangeRollsTheConnectorPod() {
    cluster.createConnector("worker", "worker-worker", CONFIG);
    String hash =
        eventuallyGet(
            () ->
                cluster.statefulSet("worker-connector") == null
                    ? null
                    : cluster.connectorPodConfigHash("worker"));

    client
        .secrets()
        .inNamespace(NS)
        .withName("worker-worker")
        .edit(
            s -> {
              s.getData()
                  .put("worker.properties", MockCluster.base64("bootstrap.servers=other:9092\n"));
              return s;
            });

    eventually(() -> assertThat(cluster.connectorPodConfigHash("worker")).isNotEqualTo(hash));
  }

  @Test
  void listeningConnectorGetsAServiceInFrontOfItsTasks() {
    cluster.createConnector("listen", "listen-worker", CONFIG);
    eventuallyGet(() -> cluster.statefulSet("listen-tasks"));
    cluster.editConnector(
        "listen",
        c -> {
          c.getSpec().setPorts(List.of(new ConnectorPort("syslog", 5514, "UDP")));
          return c;
        });
    var service = eventuallyGet(() -> client.services().inNamespace(NS).withName("listen").get());
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(5514);

    cluster.editConnector(
        "listen",
        c -> {
          c.getSpec().setPorts(List.of());
          return c;
        });
    eventually(
        () -> assertThat(client.services().inNamespace(NS).withName("listen").get()).isNull());
  }

  @Test
  void driftIsUndoneAndDeletedObjectsComeBack() {
    cluster.createConnector("drift", "drift-worker", CONFIG);
    eventuallyGet(() -> cluster.statefulSet("drift-tasks"));
    client.apps().statefulSets().inNamespace(NS).withName("drift-connector").scale(5);
    client.secrets().inNamespace(NS).withName("drift-config").delete();
    client.rbac().roles().inNamespace(NS).withName("drift-runner").delete();

    eventually(
        () -> {
          assertThat(cluster.statefulSet("drift-connector").getSpec().getReplicas()).isEqualTo(1);
          assertThat(client.secrets().inNamespace(NS).withName("drift-config").get()).isNotNull();
          assertThat(client.rbac().roles().inNamespace(NS).withName("drift-runner").get())
              .isNotNull();
        });
  }

  @Test
  void missingWorkerSecretIsReportedAndItsArrivalRollsThePods() {
    KafkaConnector connector = new KafkaConnector();
    connector.getMetadata().setName("noworker");
    connector.getMetadata().setNamespace(NS);
    var spec = new io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorSpec();
    spec.setConnectorConfig(
        io.confluent.csid.kafka.connect.k8s.operator.crd.ConnectorConfig.of(CONFIG));
    spec.setWorkerConfigSecret(
        new io.confluent.csid.kafka.connect.k8s.operator.crd.SecretKeyReference(
            "absent-worker", null));
    connector.setSpec(spec);
    client.resource(connector).create();

    eventually(
        () -> {
          var status = cluster.connector("noworker").getStatus();
          assertThat(status).isNotNull();
          assertThat(condition(status, "Error").getReason()).isEqualTo("WorkerConfigSecretMissing");
        });
    String before =
        eventuallyGet(
            () ->
                cluster.statefulSet("noworker-connector") == null
                    ? null
                    : cluster.connectorPodConfigHash("noworker"));

    cluster.createConnector("noworker-other", "absent-worker", CONFIG);
    eventually(
        () -> {
          assertThat(cluster.connectorPodConfigHash("noworker")).isNotEqualTo(before);
          assertThat(condition(cluster.connector("noworker").getStatus(), "Error").getStatus())
              .isEqualTo("False");
        });
  }

  @Test
  void deletingTheConnectorLeavesOnlyObjectsTheClusterGarbageCollects() {
    cluster.createConnector("gone", "gone-worker", CONFIG);
    eventuallyGet(() -> cluster.statefulSet("gone-tasks"));
    client.resources(KafkaConnector.class).inNamespace(NS).withName("gone").delete();
    // No finalizer: deletion is immediate, and ownerReferences (checked above) let the garbage
    // collector remove the rest; the mock server has no garbage collector to show it.
    eventually(() -> assertThat(cluster.connector("gone")).isNull());
    assertThat(cluster.statefulSet("gone-tasks").getMetadata().getOwnerReferences()).hasSize(1);
  }

  static io.fabric8.kubernetes.api.model.Condition condition(
      io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  static String template(StatefulSet sts) {
    return io.fabric8.kubernetes.client.utils.Serialization.asJson(sts.getSpec().getTemplate());
  }

  static String taskConfigsHash(StatefulSet sts) {
    return sts.getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("connect-k8s.io/task-configs-hash");
  }

  static String configHash(StatefulSet sts) {
    return sts.getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("connect-k8s.io/config-hash");
  }

  private static final HasMetadata MISSING = new io.fabric8.kubernetes.api.model.ConfigMap();

  private static HasMetadata nullable(HasMetadata object) {
    return object == null ? MISSING : object;
  }
}
