package io.confluent.csid.kafka.connect.k8s.operator.controller;

import static io.confluent.csid.kafka.connect.k8s.operator.controller.KafkaConnectorReconcilerIT.CONFIG;
import static io.confluent.csid.kafka.connect.k8s.operator.controller.KafkaConnectorReconcilerIT.condition;
import static io.confluent.csid.kafka.connect.k8s.operator.controller.MockCluster.NS;
import static io.confluent.csid.kafka.connect.k8s.operator.controller.MockCluster.eventually;
import static io.confluent.csid.kafka.connect.k8s.operator.controller.MockCluster.eventuallyGet;
import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.TestPods;
import io.confluent.csid.kafka.connect.k8s.operator.crd.InstanceState;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TargetState;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Target states, restart annotations and status, against the fabric8 mock API server. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class KafkaConnectorLifecycleIT {

  @Inject KubernetesClient client;
  @Inject MeterRegistry registry;
  MockCluster cluster;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster(client);
  }

  @Test
  void pausedStoppedAndRunningAgain() {
    cluster.createConnector("life", "life-worker", CONFIG);
    String hash =
        eventuallyGet(
            () ->
                cluster.statefulSet("life-connector") == null
                    ? null
                    : cluster.connectorPodConfigHash("life"));
    cluster.publishTaskConfigs("life", hash, 2, "a");
    eventually(
        () -> assertThat(cluster.statefulSet("life-tasks").getSpec().getReplicas()).isEqualTo(2));

    setState("life", TargetState.PAUSED);
    eventually(() -> assertThat(stateWord("life")).isEqualTo("paused"));
    // Paused tasks stay up, holding their resources, like Connect's PAUSED.
    assertThat(cluster.statefulSet("life-tasks").getSpec().getReplicas()).isEqualTo(2);
    assertThat(cluster.statefulSet("life-connector").getSpec().getReplicas()).isEqualTo(1);

    setState("life", TargetState.STOPPED);
    eventually(
        () -> {
          assertThat(stateWord("life")).isEqualTo("stopped");
          assertThat(cluster.statefulSet("life-connector").getSpec().getReplicas()).isZero();
          assertThat(cluster.statefulSet("life-tasks").getSpec().getReplicas()).isZero();
          // Published configs go, the Secret stays for the next publication.
          assertThat(cluster.tasksSecret("life").getData()).isNullOrEmpty();
        });
    eventually(
        () ->
            assertThat(cluster.connector("life").getStatus().getConnector().getState())
                .isEqualTo(InstanceState.STOPPED));

    setState("life", TargetState.RUNNING);
    eventually(
        () -> {
          assertThat(stateWord("life")).isEqualTo("running");
          assertThat(cluster.statefulSet("life-connector").getSpec().getReplicas()).isEqualTo(1);
        });
    // Resuming starts cleanly: tasks only once the connector pod publishes again.
    assertThat(cluster.statefulSet("life-tasks").getSpec().getReplicas()).isZero();
    cluster.publishTaskConfigs("life", hash, 2, "a");
    eventually(
        () -> assertThat(cluster.statefulSet("life-tasks").getSpec().getReplicas()).isEqualTo(2));
  }

  @Test
  void statusTellsWhatEveryPodIsDoingAndRecordsEvents() {
    cluster.createConnector("stat", "stat-worker", CONFIG);
    String hash =
        eventuallyGet(
            () ->
                cluster.statefulSet("stat-connector") == null
                    ? null
                    : cluster.connectorPodConfigHash("stat"));
    cluster.publishTaskConfigs("stat", hash, 3, "a");
    eventually(
        () -> assertThat(cluster.statefulSet("stat-tasks").getSpec().getReplicas()).isEqualTo(3));

    cluster.startPod("stat", "connector", "stat-connector-0", TestPods.runningReady());
    cluster.startPod("stat", "task", "stat-tasks-0", TestPods.runningAfterOomKill());
    cluster.startPod(
        "stat",
        "task",
        "stat-tasks-1",
        TestPods.crashLoop(2, "Error", TestPods.CONFIG_INVALID_MESSAGE));
    cluster.startPod("stat", "task", "stat-tasks-2", TestPods.unschedulable());

    eventually(
        () -> {
          var status = cluster.connector("stat").getStatus();
          assertThat(status.getConnector().getState()).isEqualTo(InstanceState.RUNNING);
          assertThat(status.getConnector().getPod()).isEqualTo("stat-connector-0");
          assertThat(status.getTaskCount()).isEqualTo(3);
          assertThat(status.getTasksReady()).isEqualTo("1/3");
          assertThat(status.getTasks().get(0).getLastFailureMessage()).isEqualTo("OOMKilled");
          assertThat(status.getTasks().get(0).getRestartCount()).isEqualTo(2);
          assertThat(status.getTasks().get(1).getState()).isEqualTo(InstanceState.FAILED);
          assertThat(status.getTasks().get(1).getLastFailureMessage())
              .contains("Missing required configuration \"file\"");
          assertThat(status.getTasks().get(2).getState()).isEqualTo(InstanceState.PENDING);
          assertThat(status.getTasks().get(2).getReason()).isEqualTo("Unschedulable");
          assertThat(condition(status, "Error").getReason()).isEqualTo("ConfigInvalid");
          assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
        });
    eventually(
        () ->
            assertThat(events("stat"))
                .extracting(Event::getReason)
                .contains("ConfigInvalid", "TasksScaled"));

    cluster.startPod("stat", "task", "stat-tasks-1", TestPods.imagePullBackOff());
    eventually(
        () ->
            assertThat(cluster.connector("stat").getStatus().getTasks().get(1).getReason())
                .isEqualTo("ImagePullBackOff"));
    eventually(
        () -> assertThat(events("stat")).extracting(Event::getReason).contains("ImagePullBackOff"));
    cluster.startPod("stat", "task", "stat-tasks-1", TestPods.runningReady());
    cluster.startPod("stat", "task", "stat-tasks-2", TestPods.runningReady());
    eventually(
        () -> {
          var status = cluster.connector("stat").getStatus();
          assertThat(status.getTasksReady()).isEqualTo("3/3");
          assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
          assertThat(condition(status, "Error").getStatus()).isEqualTo("False");
        });
  }

  @Test
  void settledConnectorIsLeftAlone() throws InterruptedException {
    cluster.createConnector("calm", "calm-worker", CONFIG);
    eventuallyGet(() -> cluster.connector("calm").getStatus());
    cluster.startPod("calm", "connector", "calm-connector-0", TestPods.runningReady());
    eventually(
        () ->
            assertThat(cluster.connector("calm").getStatus().getConnector().getState())
                .isEqualTo(InstanceState.RUNNING));
    Thread.sleep(1500);
    String crVersion = cluster.connector("calm").getMetadata().getResourceVersion();
    String stsVersion = cluster.statefulSet("calm-connector").getMetadata().getResourceVersion();
    Thread.sleep(3000);
    // No status patch and no StatefulSet update without a change: no reconcile loop.
    assertThat(cluster.connector("calm").getMetadata().getResourceVersion()).isEqualTo(crVersion);
    assertThat(cluster.statefulSet("calm-connector").getMetadata().getResourceVersion())
        .isEqualTo(stsVersion);
  }

  @Test
  void restartAnnotationsDeleteTheRightPodsAndAreRemoved() {
    cluster.createConnector("rst", "rst-worker", CONFIG);
    String hash =
        eventuallyGet(
            () ->
                cluster.statefulSet("rst-connector") == null
                    ? null
                    : cluster.connectorPodConfigHash("rst"));
    cluster.publishTaskConfigs("rst", hash, 3, "a");
    eventually(
        () -> assertThat(cluster.statefulSet("rst-tasks").getSpec().getReplicas()).isEqualTo(3));
    startAll();
    cluster.startPod("rst", "task", "rst-tasks-1", TestPods.crashLoop(1, "Error", "boom"));
    eventually(
        () ->
            assertThat(cluster.connector("rst").getStatus().getTasks().get(1).getState())
                .isEqualTo(InstanceState.FAILED));

    annotate("rst", "connect-k8s.io/restart", "failed-tasks");
    eventually(
        () -> {
          assertThat(podNames())
              .doesNotContain("rst-tasks-1")
              .contains("rst-connector-0", "rst-tasks-0", "rst-tasks-2");
          assertThat(cluster.connector("rst").getMetadata().getAnnotations())
              .doesNotContainKey("connect-k8s.io/restart");
        });

    annotate("rst", "connect-k8s.io/restart-task", "2");
    eventually(
        () -> {
          assertThat(podNames())
              .doesNotContain("rst-tasks-2")
              .contains("rst-connector-0", "rst-tasks-0");
          assertThat(cluster.connector("rst").getMetadata().getAnnotations())
              .doesNotContainKey("connect-k8s.io/restart-task");
        });

    startAll();
    annotate("rst", "connect-k8s.io/restart", "connector");
    eventually(
        () ->
            assertThat(podNames())
                .doesNotContain("rst-connector-0")
                .contains("rst-tasks-0", "rst-tasks-1", "rst-tasks-2"));

    startAll();
    annotate("rst", "connect-k8s.io/restart", "all");
    eventually(() -> assertThat(podNames()).noneMatch(p -> p.startsWith("rst-")));
    eventually(() -> assertThat(events("rst")).extracting(Event::getReason).contains("Restarted"));
  }

  private void startAll() {
    cluster.startPod("rst", "connector", "rst-connector-0", TestPods.runningReady());
    for (int i = 0; i < 3; i++) {
      cluster.startPod("rst", "task", "rst-tasks-" + i, TestPods.runningReady());
    }
  }

  private List<String> podNames() {
    return client.pods().inNamespace(NS).list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .toList();
  }

  private void annotate(String name, String key, String value) {
    cluster.editConnector(
        name,
        c -> {
          c.getMetadata().getAnnotations().put(key, value);
          return c;
        });
  }

  private void setState(String name, TargetState state) {
    cluster.editConnector(
        name,
        c -> {
          c.getSpec().setState(state);
          return c;
        });
  }

  private String stateWord(String name) {
    return client
        .configMaps()
        .inNamespace(NS)
        .withName(name + "-state")
        .get()
        .getData()
        .get("state");
  }

  private List<Event> events(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
