package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.config;
import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.connector;
import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.inputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.crd.ComputeResources;
import io.confluent.csid.kafka.connect.k8s.operator.crd.ImagePullPolicy;
import io.confluent.csid.kafka.connect.k8s.operator.crd.PodResources;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TargetState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatefulSetsTest {

  @Test
  void connectorStatefulSetRunsOneConnectorPodUnlessStopped() {
    var connector = connector("files");
    StatefulSet sts = ConnectorStatefulSet.build(connector, config(), inputs("h1", 0));

    assertThat(sts.getMetadata().getName()).isEqualTo("files-connector");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(sts.getSpec().getServiceName()).isEqualTo("files-connector");
    assertThat(runner(sts).getArgs()).containsExactly("connector");

    connector.getSpec().setState(TargetState.STOPPED);
    assertThat(
            ConnectorStatefulSet.build(connector, config(), inputs("h1", 0))
                .getSpec()
                .getReplicas())
        .isZero();
  }

  @Test
  void tasksStatefulSetHasOnePodPerPublishedTaskConfigAndZeroBeforeOrWhenStopped() {
    var connector = connector("files");
    assertThat(TasksStatefulSet.build(connector, config(), inputs("h1", 0)).getSpec().getReplicas())
        .isZero();
    StatefulSet sts = TasksStatefulSet.build(connector, config(), inputs("h1", 3));
    assertThat(sts.getMetadata().getName()).isEqualTo("files-tasks");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(runner(sts).getArgs()).containsExactly("task");

    connector.getSpec().setState(TargetState.PAUSED);
    assertThat(TasksStatefulSet.build(connector, config(), inputs("h1", 3)).getSpec().getReplicas())
        .isEqualTo(3);
    connector.getSpec().setState(TargetState.STOPPED);
    assertThat(TasksStatefulSet.build(connector, config(), inputs("h1", 3)).getSpec().getReplicas())
        .isZero();
  }

  @Test
  void podsFollowThePodContract() {
    var connector = connector("files");
    StatefulSet tasks = TasksStatefulSet.build(connector, config(), inputs("h1", 2));
    var pod = tasks.getSpec().getTemplate().getSpec();
    Container runner = runner(tasks);

    assertThat(pod.getServiceAccountName()).isEqualTo("files-runner");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(60L);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(runner.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(runner.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(runner.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(runner.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(runner.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(runner.getImage()).isEqualTo("example/runner:1.0");

    Volume worker = volume(pod.getVolumes(), "worker-config");
    assertThat(worker.getSecret().getSecretName()).isEqualTo("worker");
    assertThat(worker.getSecret().getItems())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.getKey()).isEqualTo("connect.properties");
              assertThat(item.getPath()).isEqualTo("worker.properties");
            });
    assertThat(volume(pod.getVolumes(), "connector-config").getSecret().getSecretName())
        .isEqualTo("files-config");
    assertThat(volume(pod.getVolumes(), "task-configs").getSecret().getSecretName())
        .isEqualTo("files-tasks");
    assertThat(runner.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly(
            "/etc/connect-k8s/worker", "/etc/connect-k8s/connector", "/etc/connect-k8s/tasks");

    assertThat(env(runner, "CONNECT_K8S_CONNECTOR_NAME").getValue()).isEqualTo("files");
    assertThat(env(runner, "CONNECT_K8S_CONFIG_HASH").getValue()).isEqualTo("h1");
    assertThat(env(runner, "POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(env(runner, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");

    var connectorPod =
        ConnectorStatefulSet.build(connector, config(), inputs("h1", 2))
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(connectorPod.getVolumes())
        .extracting(Volume::getName)
        .doesNotContain("task-configs");
  }

  @Test
  void resourceLabelsReachEveryPod() {
    var connector = connector("files");
    for (StatefulSet sts :
        List.of(
            ConnectorStatefulSet.build(connector, config(), inputs("h", 1)),
            TasksStatefulSet.build(connector, config(), inputs("h", 1)))) {
      assertThat(sts.getSpec().getTemplate().getMetadata().getLabels())
          .containsEntry("project", "billing")
          .containsEntry("cost-center", "42")
          .containsAllEntriesOf(sts.getSpec().getSelector().getMatchLabels());
      // The selector is immutable: a label a user may change must never be part of it.
      assertThat(sts.getSpec().getSelector().getMatchLabels()).doesNotContainKey("project");
    }
  }

  @Test
  void imagePullSettingsAndResourcesApplyPerKindOfPod() {
    var connector = connector("files");
    var connectorPods = new PodResources();
    connectorPods.setImage("example/custom:2");
    ComputeResources small = new ComputeResources();
    small.setMemory("512Mi");
    connectorPods.setLimits(small);
    var taskPods = new PodResources();
    ComputeResources big = new ComputeResources();
    big.setCpu("2");
    taskPods.setRequests(big);
    connector.getSpec().setConnector(connectorPods);
    connector.getSpec().setTask(taskPods);
    connector.getSpec().setImagePullPolicy(ImagePullPolicy.Always);
    connector.getSpec().setImagePullSecrets(List.of(new LocalObjectReference("registry")));

    Container c = runner(ConnectorStatefulSet.build(connector, config(), inputs("h", 1)));
    StatefulSet tasks = TasksStatefulSet.build(connector, config(), inputs("h", 1));
    Container t = runner(tasks);

    assertThat(c.getImage()).isEqualTo("example/custom:2");
    assertThat(t.getImage()).isEqualTo("example/runner:1.0");
    assertThat(c.getImagePullPolicy()).isEqualTo("Always");
    assertThat(c.getResources().getLimits()).isEqualTo(Map.of("memory", new Quantity("512Mi")));
    assertThat(c.getResources().getRequests()).isNullOrEmpty();
    assertThat(t.getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("2")));
    assertThat(tasks.getSpec().getTemplate().getSpec().getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("registry");
  }

  static Container runner(StatefulSet sts) {
    return sts.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("runner"))
        .findFirst()
        .orElseThrow();
  }

  static EnvVar env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static Volume volume(List<Volume> volumes, String name) {
    return volumes.stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }
}
