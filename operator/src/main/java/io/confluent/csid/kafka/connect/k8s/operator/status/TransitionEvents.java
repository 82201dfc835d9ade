package io.confluent.csid.kafka.connect.k8s.operator.status;

import io.confluent.csid.kafka.connect.k8s.operator.crd.InstanceState;
import io.confluent.csid.kafka.connect.k8s.operator.crd.InstanceStatus;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorStatus;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TaskInstanceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Kubernetes Events an on-call engineer wants, derived from two consecutive statuses: only a
 * transition makes an Event, so a pod stuck in a state does not flood the namespace.
 */
public final class TransitionEvents {

  public static final String WARNING = "Warning";
  public static final String NORMAL = "Normal";

  /** One Event to record against the KafkaConnector. */
  public record Event(String type, String reason, String message) {}

  private TransitionEvents() {}

  public static List<Event> between(KafkaConnectorStatus before, KafkaConnectorStatus after) {
    List<Event> events = new ArrayList<>();
    failure(before == null ? null : before.getConnector(), after.getConnector(), "ConnectorFailed")
        .ifPresent(events::add);
    for (TaskInstanceStatus task : after.getTasks()) {
      TaskInstanceStatus old =
          before == null
              ? null
              : before.getTasks().stream()
                  .filter(t -> Objects.equals(t.getId(), task.getId()))
                  .findFirst()
                  .orElse(null);
      failure(old, task, "TaskFailed").ifPresent(events::add);
    }
    int oldCount = before == null || before.getTaskCount() == null ? 0 : before.getTaskCount();
    if (oldCount != after.getTaskCount()) {
      events.add(
          new Event(
              NORMAL,
              "TasksScaled",
              "Task pods scaled from " + oldCount + " to " + after.getTaskCount() + "."));
    }
    if (newlyTrue(before, after, Conditions.ERROR, StatusAggregator.WORKER_CONFIG_MISSING)) {
      events.add(
          new Event(
              WARNING,
              StatusAggregator.WORKER_CONFIG_MISSING,
              "The worker config Secret or its key does not exist."));
    }
    return events;
  }

  /**
   * A failure Event named after its cause when the cause is one a person must act on (an invalid
   * config, a crash loop, an image that cannot be pulled, OOM), else after what failed.
   */
  private static Optional<Event> failure(InstanceStatus old, InstanceStatus now, String generic) {
    if (now.getState() != InstanceState.FAILED) {
      return Optional.empty();
    }
    if (old != null
        && old.getState() == InstanceState.FAILED
        && Objects.equals(old.getReason(), now.getReason())) {
      return Optional.empty();
    }
    String reason =
        now.getReason() == null || PodObservation.ERROR.equals(now.getReason())
            ? generic
            : now.getReason();
    String message =
        StatusAggregator.label(now)
            + " failed ("
            + now.getReason()
            + ")"
            + (now.getLastFailureMessage() == null ? "." : ": " + now.getLastFailureMessage());
    return Optional.of(new Event(WARNING, reason, message));
  }

  private static boolean newlyTrue(
      KafkaConnectorStatus before, KafkaConnectorStatus after, String type, String reason) {
    return has(after, type, reason) && (before == null || !has(before, type, reason));
  }

  private static boolean has(KafkaConnectorStatus status, String type, String reason) {
    for (Condition c : status.getConditions()) {
      if (type.equals(c.getType())
          && "True".equals(c.getStatus())
          && reason.equals(c.getReason())) {
        return true;
      }
    }
    return false;
  }
}
