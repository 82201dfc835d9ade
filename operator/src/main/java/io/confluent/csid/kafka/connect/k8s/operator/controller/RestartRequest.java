package io.confluent.csid.kafka.connect.k8s.operator.controller;

import io.confluent.csid.kafka.connect.k8s.operator.crd.InstanceState;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorStatus;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TaskInstanceStatus;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.ConnectorStatefulSet;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.TasksStatefulSet;
import io.confluent.csid.kafka.connect.k8s.operator.status.TransitionEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The restart annotations, with KIP-745's semantics, turned into the pods to delete (their
 * StatefulSet recreates them). A pure function of the annotations and the current status.
 *
 * <ul>
 *   <li>{@code connect-k8s.io/restart: connector} (default, like Connect's plain restart): the
 *       connector pod only;
 *   <li>{@code all} ({@code includeTasks=true}): the connector pod and every task pod;
 *   <li>{@code failed} ({@code includeTasks=true&onlyFailed=true}): whichever of them FAILED;
 *   <li>{@code tasks}: every task pod; {@code failed-tasks}: every FAILED task pod;
 *   <li>{@code connect-k8s.io/restart-task: "<N>"}: task pod N.
 * </ul>
 */
public record RestartRequest(
    List<String> podsToDelete, List<String> annotationsToRemove, String problem) {

  public static final String RESTART = "connect-k8s.io/restart";
  public static final String RESTART_TASK = "connect-k8s.io/restart-task";

  public static RestartRequest of(
      String connectorName, Map<String, String> annotations, KafkaConnectorStatus status) {
    List<String> pods = new ArrayList<>();
    List<String> done = new ArrayList<>();
    String problem = null;
    String connectorPod = ConnectorStatefulSet.name(connectorName) + "-0";
    List<TaskInstanceStatus> tasks = status.getTasks();
    String restart = annotations == null ? null : annotations.get(RESTART);
    if (restart != null) {
      done.add(RESTART);
      boolean connectorFailed = status.getConnector().getState() == InstanceState.FAILED;
      switch (restart.isBlank() ? "connector" : restart.strip()) {
        case "connector" -> pods.add(connectorPod);
        case "all" -> {
          pods.add(connectorPod);
          tasks.forEach(t -> pods.add(taskPod(connectorName, t.getId())));
        }
        case "failed" -> {
          if (connectorFailed) {
            pods.add(connectorPod);
          }
          failedTasks(connectorName, tasks, pods);
        }
        case "tasks" -> tasks.forEach(t -> pods.add(taskPod(connectorName, t.getId())));
        case "failed-tasks" -> failedTasks(connectorName, tasks, pods);
        default ->
            problem =
                "Unknown value of "
                    + RESTART
                    + ": '"
                    + restart
                    + "' (expected connector, all, failed, tasks or failed-tasks).";
      }
    }
    String restartTask = annotations == null ? null : annotations.get(RESTART_TASK);
    if (restartTask != null) {
      done.add(RESTART_TASK);
      if (restartTask.strip().matches("0|[1-9][0-9]{0,8}")) {
        int id = Integer.parseInt(restartTask.strip());
        // Deleting a pod that does not exist would "succeed" and the Event would claim a restart
        // that never happened: a task id the connector does not have is refused instead.
        if (id < tasks.size()) {
          pods.add(taskPod(connectorName, id));
        } else {
          problem =
              "Invalid "
                  + RESTART_TASK
                  + ": '"
                  + restartTask
                  + "' (the connector has "
                  + tasks.size()
                  + " task(s)"
                  + (tasks.isEmpty() ? "" : ", ids 0 to " + (tasks.size() - 1))
                  + ").";
        }
      } else {
        problem = "Invalid " + RESTART_TASK + ": '" + restartTask + "' (expected a task id).";
      }
    }
    return new RestartRequest(List.copyOf(pods), List.copyOf(done), problem);
  }

  private static void failedTasks(
      String connectorName, List<TaskInstanceStatus> tasks, List<String> pods) {
    tasks.stream()
        .filter(t -> t.getState() == InstanceState.FAILED)
        .forEach(t -> pods.add(taskPod(connectorName, t.getId())));
  }

  private static String taskPod(String connectorName, int id) {
    return TasksStatefulSet.name(connectorName) + "-" + id;
  }

  /**
   * The Event that tells what the request did. A request that matched no pod (e.g. {@code failed}
   * when nothing failed) says so rather than claiming a restart.
   */
  public TransitionEvents.Event event() {
    if (problem != null) {
      return new TransitionEvents.Event(TransitionEvents.WARNING, "InvalidRestart", problem);
    }
    if (podsToDelete.isEmpty()) {
      return new TransitionEvents.Event(
          TransitionEvents.NORMAL,
          "NothingToRestart",
          "No pod matched " + String.join(", ", annotationsToRemove) + ": nothing restarted.");
    }
    return new TransitionEvents.Event(
        TransitionEvents.NORMAL, "Restarted", "Restarted pods " + podsToDelete + ".");
  }

  public boolean isEmpty() {
    return annotationsToRemove.isEmpty();
  }
}
