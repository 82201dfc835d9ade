package io.confluent.csid.kafka.connect.k8s.operator.status;

import io.confluent.csid.kafka.connect.k8s.operator.crd.ConnectorInstanceStatus;
import io.confluent.csid.kafka.connect.k8s.operator.crd.InstanceState;
import io.confluent.csid.kafka.connect.k8s.operator.crd.InstanceStatus;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorSpec;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorStatus;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TargetState;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TaskInstanceStatus;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.DesiredInputs;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.PodTemplates;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.TargetStates;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.TasksStatefulSet;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Builds the whole status from what was observed: a pure function, so every state a pod can be in
 * is unit-tested without a server.
 */
public final class StatusAggregator {

  public static final String WORKER_CONFIG_MISSING = "WorkerConfigSecretMissing";

  private StatusAggregator() {}

  public static KafkaConnectorStatus aggregate(
      KafkaConnector connector,
      DesiredInputs inputs,
      ObservedPods pods,
      KafkaConnectorStatus previous,
      Instant now) {
    TargetState target = TargetStates.of(connector);
    int taskCount = TasksStatefulSet.replicas(connector, inputs);

    KafkaConnectorStatus status = new KafkaConnectorStatus();
    status.setObservedGeneration(connector.getMetadata().getGeneration());
    status.setConnectorClass(connector.getSpec().getConnectorConfig().connectorClass());
    status.setConnector(
        PodObservation.observe(
            pods.connectorPod().orElse(null), target, new ConnectorInstanceStatus()));
    List<TaskInstanceStatus> tasks = new ArrayList<>();
    for (int id = 0; id < taskCount; id++) {
      TaskInstanceStatus task = new TaskInstanceStatus();
      task.setId(id);
      tasks.add(PodObservation.observe(pods.taskPods().get(id), target, task));
    }
    status.setTasks(tasks);
    status.setTaskCount(taskCount);
    long ready = tasks.stream().filter(StatusAggregator::up).count();
    status.setTasksReady(ready + "/" + taskCount);

    long generation = Objects.requireNonNullElse(connector.getMetadata().getGeneration(), 0L);
    List<String> errors = errors(status, inputs, connector.getSpec());
    String rolling = rolling(pods, inputs, taskCount, target);
    Readiness readiness = readiness(status, target, pods, taskCount);
    var previousConditions = previous == null ? null : previous.getConditions();
    status.setConditions(
        List.of(
            Conditions.of(
                Conditions.READY,
                readiness.ready,
                readiness.reason,
                readiness.message,
                generation,
                previousConditions,
                now),
            Conditions.of(
                Conditions.PROGRESSING,
                rolling != null,
                rolling == null ? "Stable" : rolling,
                rolling == null ? "Every pod runs the current template." : progressMessage(rolling),
                generation,
                previousConditions,
                now),
            Conditions.of(
                Conditions.ERROR,
                !errors.isEmpty(),
                errors.isEmpty() ? "NoError" : errors.get(0).split(":", 2)[0],
                errors.isEmpty()
                    ? "No errors."
                    : String.join(
                        "; ", errors.stream().map(e -> e.split(":", 2)[1].strip()).toList()),
                generation,
                previousConditions,
                now)));
    return status;
  }

  private static boolean up(InstanceStatus s) {
    return s.getState() == InstanceState.RUNNING || s.getState() == InstanceState.PAUSED;
  }

  private record Readiness(boolean ready, String reason, String message) {}

  private static Readiness readiness(
      KafkaConnectorStatus status, TargetState target, ObservedPods pods, int taskCount) {
    if (target == TargetState.STOPPED) {
      boolean gone = pods.connectorPod().isEmpty() && pods.taskPods().isEmpty();
      return new Readiness(
          gone,
          gone ? "Stopped" : "Stopping",
          gone ? "All pods stopped." : "Waiting for pods to stop.");
    }
    if (!up(status.getConnector())) {
      return new Readiness(
          false, "ConnectorNotReady", "Connector is " + status.getConnector().getState() + ".");
    }
    if (taskCount == 0) {
      return new Readiness(
          false,
          "WaitingForTaskConfigs",
          "The connector has not published task configs for its current config yet.");
    }
    if (!status.getTasksReady().equals(taskCount + "/" + taskCount)) {
      return new Readiness(false, "TasksNotReady", status.getTasksReady() + " tasks ready.");
    }
    String word = target == TargetState.PAUSED ? "Paused" : "Running";
    return new Readiness(
        true, word, "Connector and " + taskCount + " tasks " + word.toLowerCase() + ".");
  }

  /** "reason: message" entries, worst first; config errors lead since nothing else helps then. */
  private static List<String> errors(
      KafkaConnectorStatus status, DesiredInputs inputs, KafkaConnectorSpec spec) {
    List<String> errors = new ArrayList<>();
    if (!inputs.workerConfigFound()) {
      errors.add(WORKER_CONFIG_MISSING + ": the worker config Secret or its key does not exist.");
    }
    PluginSpecProblems.of(spec)
        .forEach(problem -> errors.add(PodObservation.CONFIG_INVALID + ": " + problem + "."));
    Stream.concat(Stream.of(status.getConnector()), status.getTasks().stream())
        .filter(s -> s.getState() == InstanceState.FAILED)
        .sorted(
            (a, b) ->
                Boolean.compare(
                    !PodObservation.CONFIG_INVALID.equals(a.getReason()),
                    !PodObservation.CONFIG_INVALID.equals(b.getReason())))
        .forEach(
            s ->
                errors.add(
                    s.getReason()
                        + ": "
                        + label(s)
                        + " "
                        + s.getReason()
                        + (s.getLastFailureMessage() == null
                            ? ""
                            : ": " + s.getLastFailureMessage())));
    return errors;
  }

  static String label(InstanceStatus s) {
    return s instanceof TaskInstanceStatus t ? "task " + t.getId() : "connector";
  }

  /** Why pods are changing, or null when every pod runs the wanted template. */
  private static String rolling(
      ObservedPods pods, DesiredInputs inputs, int taskCount, TargetState target) {
    int wantedConnectors = target == TargetState.STOPPED ? 0 : 1;
    if (pods.connectorPod().map(p -> 1).orElse(0) != wantedConnectors
        || pods.taskPods().size() != taskCount) {
      return "Scaling";
    }
    boolean stale =
        pods.connectorPod().stream()
                .anyMatch(p -> !inputs.configHash().equals(annotation(p, PodTemplates.CONFIG_HASH)))
            || pods.taskPods().values().stream()
                .anyMatch(
                    p ->
                        !inputs.configHash().equals(annotation(p, PodTemplates.CONFIG_HASH))
                            || !inputs
                                .published()
                                .hash()
                                .equals(annotation(p, PodTemplates.TASK_CONFIGS_HASH)));
    return stale ? "RollingUpdate" : null;
  }

  private static String progressMessage(String reason) {
    return reason.equals("Scaling")
        ? "Pods are being created or removed."
        : "Pods are being replaced to apply a new config.";
  }

  private static String annotation(Pod pod, String key) {
    var annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
