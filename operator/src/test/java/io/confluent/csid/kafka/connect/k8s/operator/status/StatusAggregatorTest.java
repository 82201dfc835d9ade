package io.confluent.csid.kafka.connect.k8s.operator.status;

import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.connector;
import static io.confluent.csid.kafka.connect.k8s.operator.TestPods.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.crd.InstanceState;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorStatus;
import io.confluent.csid.kafka.connect.k8s.operator.crd.PluginSpec;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TargetState;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.DesiredInputs;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.PublishedTaskConfigs;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class StatusAggregatorTest {

  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2026-01-01T01:00:00Z");
  static final DesiredInputs TWO_TASKS =
      new DesiredInputs("h", "l", new PublishedTaskConfigs(2, "t"), true);

  @Test
  void allRunningIsReadyAndStable() {
    var status =
        aggregate(
            connector("c"), TWO_TASKS, null, T0, runningReady(), runningReady(), runningReady());

    assertThat(status.getConnector().getState()).isEqualTo(InstanceState.RUNNING);
    assertThat(status.getTasks())
        .extracting(t -> t.getState())
        .containsExactly(InstanceState.RUNNING, InstanceState.RUNNING);
    assertThat(status.getTaskCount()).isEqualTo(2);
    assertThat(status.getTasksReady()).isEqualTo("2/2");
    assertThat(status.getConnectorClass()).isEqualTo("FileStreamSource");
    assertThat(condition(status, "Ready"))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getObservedGeneration()).isEqualTo(1L);
            });
    assertThat(condition(status, "Progressing").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Error").getStatus()).isEqualTo("False");
    assertThat(status.getConditions()).allSatisfy(c -> assertThat(c.getMessage()).isNotBlank());
  }

  @Test
  void failedTaskIsAnErrorNamingTheTaskAndItsReason() {
    var status =
        aggregate(
            connector("c"),
            TWO_TASKS,
            null,
            T0,
            runningReady(),
            runningReady(),
            crashLoop(2, "Error", CONFIG_INVALID_MESSAGE));

    assertThat(status.getTasksReady()).isEqualTo("1/2");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("TasksNotReady");
    assertThat(condition(status, "Error"))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("ConfigInvalid");
              assertThat(c.getMessage())
                  .contains("task 1")
                  .contains("Missing required configuration");
            });
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenTheConditionsStatusChanges() {
    var first =
        aggregate(
            connector("c"), TWO_TASKS, null, T0, runningReady(), runningReady(), runningReady());
    var same =
        aggregate(
            connector("c"), TWO_TASKS, first, T1, runningReady(), runningReady(), runningReady());
    var failed =
        aggregate(
            connector("c"),
            TWO_TASKS,
            same,
            T1,
            runningReady(),
            runningReady(),
            imagePullBackOff());

    assertThat(condition(same, "Ready").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(condition(failed, "Ready").getLastTransitionTime())
        .isEqualTo("2026-01-01T01:00:00Z");
    assertThat(condition(failed, "Error").getLastTransitionTime())
        .isEqualTo("2026-01-01T01:00:00Z");
  }

  @Test
  void nothingPublishedYetIsWaitingNotAnError() {
    var inputs = new DesiredInputs("h", "l", PublishedTaskConfigs.NONE, true);
    var status = aggregate(connector("c"), inputs, null, T0, runningReady());
    assertThat(status.getTaskCount()).isZero();
    assertThat(status.getTasksReady()).isEqualTo("0/0");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("WaitingForTaskConfigs");
    assertThat(condition(status, "Error").getStatus()).isEqualTo("False");
  }

  @Test
  void pausedAndStoppedAreReadyInTheirOwnWay() {
    KafkaConnector paused = connector("c");
    paused.getSpec().setState(TargetState.PAUSED);
    var status =
        aggregate(paused, TWO_TASKS, null, T0, runningReady(), runningReady(), runningReady());
    assertThat(status.getConnector().getState()).isEqualTo(InstanceState.PAUSED);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("Paused");

    KafkaConnector stopped = connector("c");
    stopped.getSpec().setState(TargetState.STOPPED);
    var stopping = aggregate(stopped, TWO_TASKS, null, T0, runningReady());
    assertThat(condition(stopping, "Ready").getReason()).isEqualTo("Stopping");
    var done = aggregate(stopped, TWO_TASKS, null, T0);
    assertThat(done.getConnector().getState()).isEqualTo(InstanceState.STOPPED);
    assertThat(done.getTaskCount()).isZero();
    assertThat(condition(done, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void podsOfAnOlderTemplateMeanARollingUpdate() {
    var inputs = new DesiredInputs("new", "l", new PublishedTaskConfigs(1, "t"), true);
    var pods =
        ObservedPods.of(
            "c",
            List.of(
                withHashes(pod("c-connector-0", runningReady(), Map.of()), "old", "t"),
                withHashes(pod("c-tasks-0", runningReady(), Map.of()), "new", "t")));
    var status = StatusAggregator.aggregate(connector("c"), inputs, pods, null, T0);
    assertThat(condition(status, "Progressing"))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("RollingUpdate");
            });
  }

  @Test
  void missingWorkerSecretIsAnError() {
    var inputs = new DesiredInputs("h", "l", PublishedTaskConfigs.NONE, false);
    var status = aggregate(connector("c"), inputs, null, T0);
    assertThat(condition(status, "Error").getReason()).isEqualTo("WorkerConfigSecretMissing");
  }

  @Test
  void aPluginWithoutExactlyOneSourceIsConfigInvalid() {
    KafkaConnector connector = connector("c");
    PluginSpec both = PluginSpec.hub("dg", "confluentinc/kafka-connect-datagen:0.5.3");
    both.setUrl("https://example.com/dg.zip");
    PluginSpec none = new PluginSpec();
    none.setName("empty");
    connector.getSpec().setPlugins(List.of(both, none));

    var status = aggregate(connector, TWO_TASKS, null, T0);

    Condition error = condition(status, "Error");
    assertThat(error.getStatus()).isEqualTo("True");
    assertThat(error.getReason()).isEqualTo("ConfigInvalid");
    assertThat(error.getMessage())
        .isEqualTo(
            "spec.plugins[0] (dg) must set exactly one of hub, maven or url.; spec.plugins[1]"
                + " (empty) must set exactly one of hub, maven or url.");
  }

  /** Pod statuses in order: the connector pod, then task 0, task 1, ... */
  public static KafkaConnectorStatus aggregate(
      KafkaConnector connector,
      DesiredInputs inputs,
      KafkaConnectorStatus previous,
      Instant now,
      PodStatus... statuses) {
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < statuses.length; i++) {
      String name = i == 0 ? "c-connector-0" : "c-tasks-" + (i - 1);
      pods.add(
          withHashes(
              pod(name, statuses[i], Map.of()), inputs.configHash(), inputs.published().hash()));
    }
    return StatusAggregator.aggregate(connector, inputs, ObservedPods.of("c", pods), previous, now);
  }

  static Pod withHashes(Pod pod, String config, String tasks) {
    pod.getMetadata()
        .setAnnotations(
            Map.of(
                "connect-k8s.io/config-hash", config, "connect-k8s.io/task-configs-hash", tasks));
    return pod;
  }

  static Condition condition(KafkaConnectorStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }
}
