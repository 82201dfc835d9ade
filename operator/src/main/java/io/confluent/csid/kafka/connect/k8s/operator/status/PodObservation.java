package io.confluent.csid.kafka.connect.k8s.operator.status;

import io.confluent.csid.kafka.connect.k8s.operator.contract.RunnerContract;
import io.confluent.csid.kafka.connect.k8s.operator.crd.InstanceState;
import io.confluent.csid.kafka.connect.k8s.operator.crd.InstanceStatus;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TargetState;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.PodTemplates;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What one pod says about the connector or task it runs: a pure function of the pod. */
public final class PodObservation {

  public static final String CONFIG_INVALID = "ConfigInvalid";
  public static final String OOM_KILLED = "OOMKilled";
  public static final String CRASH_LOOP = "CrashLoopBackOff";
  public static final String STARTING = "Starting";
  public static final String POD_MISSING = "PodMissing";
  public static final String ERROR = "Error";

  /** Waiting reasons after which the pod will not run without someone changing something. */
  static final Set<String> FAILED_WAITING =
      Set.of(
          CRASH_LOOP,
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError");

  /** Longest failure message kept in status: enough for every field error, not a stack trace. */
  static final int MAX_MESSAGE = 1024;

  private PodObservation() {}

  public static <S extends InstanceStatus> S observe(Pod pod, TargetState target, S status) {
    if (pod == null) {
      status.setState(
          target == TargetState.STOPPED ? InstanceState.STOPPED : InstanceState.PENDING);
      status.setReason(target == TargetState.STOPPED ? null : POD_MISSING);
      return status;
    }
    status.setPod(pod.getMetadata().getName());
    Optional<ContainerStatus> runner =
        container(pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses());
    Optional<ContainerStatus> init =
        container(pod.getStatus() == null ? null : pod.getStatus().getInitContainerStatuses());
    status.setRestartCount(runner.map(ContainerStatus::getRestartCount).orElse(0));
    ContainerStateTerminated current =
        runner.map(c -> c.getState()).map(s -> s.getTerminated()).orElse(null);
    ContainerStateTerminated last =
        runner.map(c -> c.getLastState()).map(s -> s.getTerminated()).orElse(null);
    ContainerStateTerminated failure = current != null && nonZero(current) ? current : last;
    status.setLastFailureMessage(failureMessage(failure));

    ContainerStateWaiting waiting =
        runner.map(c -> c.getState()).map(s -> s.getWaiting()).orElse(null);
    ContainerStateWaiting initWaiting =
        init.map(c -> c.getState()).map(s -> s.getWaiting()).orElse(null);
    // The plugins init container: its termination message (a plugin that cannot be installed,
    // and why) matters more than the kubelet's back-off text.
    ContainerStateTerminated initCurrent =
        init.map(c -> c.getState()).map(s -> s.getTerminated()).orElse(null);
    ContainerStateTerminated initLast =
        init.map(c -> c.getLastState()).map(s -> s.getTerminated()).orElse(null);
    ContainerStateTerminated initFailure =
        initCurrent != null && nonZero(initCurrent) ? initCurrent : initLast;
    if (initWaiting != null && FAILED_WAITING.contains(initWaiting.getReason())) {
      if (initFailure != null && nonZero(initFailure)) {
        status.setLastFailureMessage(failureMessage(initFailure));
      }
      return failed(
          status, failureReason(initWaiting.getReason(), initFailure), initWaiting.getMessage());
    }
    if (initCurrent != null && nonZero(initCurrent)) {
      status.setLastFailureMessage(failureMessage(initCurrent));
      return failed(status, failureReason(ERROR, initCurrent), null);
    }
    if (waiting != null && FAILED_WAITING.contains(waiting.getReason())) {
      return failed(status, failureReason(waiting.getReason(), last), waiting.getMessage());
    }
    if (current != null && nonZero(current)) {
      return failed(status, failureReason(ERROR, current), null);
    }
    Optional<PodCondition> unschedulable = condition(pod, "PodScheduled", "False");
    if (unschedulable.isPresent()) {
      status.setState(InstanceState.PENDING);
      status.setReason(unschedulable.get().getReason());
      status.setLastFailureMessage(unschedulable.get().getMessage());
      return status;
    }
    boolean running = runner.map(c -> c.getState()).map(s -> s.getRunning()).isPresent();
    if (running && Boolean.TRUE.equals(runner.get().getReady())) {
      status.setState(target == TargetState.PAUSED ? InstanceState.PAUSED : InstanceState.RUNNING);
      status.setReason(null);
      return status;
    }
    status.setState(InstanceState.PENDING);
    status.setReason(
        waiting != null && waiting.getReason() != null ? waiting.getReason() : STARTING);
    return status;
  }

  /** Exit code 2 is the runner's "bad input"; OOMKilled explains itself; else the pod's reason. */
  static String failureReason(String reason, ContainerStateTerminated terminated) {
    if (terminated != null
        && Integer.valueOf(RunnerContract.EXIT_BAD_INPUT).equals(terminated.getExitCode())) {
      return CONFIG_INVALID;
    }
    if (terminated != null && OOM_KILLED.equals(terminated.getReason())) {
      return OOM_KILLED;
    }
    return reason;
  }

  /** The termination message up to the first stack frame, at most {@link #MAX_MESSAGE} chars. */
  static String failureMessage(ContainerStateTerminated terminated) {
    if (terminated == null) {
      return null;
    }
    String message = terminated.getMessage();
    if (message == null || message.isBlank()) {
      return terminated.getReason();
    }
    StringBuilder kept = new StringBuilder();
    for (String line : message.split("\n")) {
      if (line.matches("^\\s+at .*") || line.startsWith("Caused by:")) {
        break;
      }
      kept.append(kept.length() == 0 ? "" : "\n").append(line.stripTrailing());
    }
    String text = kept.toString().strip();
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 1) + "…";
  }

  private static <S extends InstanceStatus> S failed(
      S status, String reason, String waitingMessage) {
    status.setState(InstanceState.FAILED);
    status.setReason(reason);
    if (status.getLastFailureMessage() == null) {
      status.setLastFailureMessage(waitingMessage == null ? reason : waitingMessage);
    }
    return status;
  }

  private static boolean nonZero(ContainerStateTerminated terminated) {
    return terminated.getExitCode() != null && terminated.getExitCode() != 0;
  }

  private static Optional<ContainerStatus> container(List<ContainerStatus> statuses) {
    if (statuses == null) {
      return Optional.empty();
    }
    return statuses.stream()
        .filter(
            c -> PodTemplates.CONTAINER_NAME.equals(c.getName()) || "plugins".equals(c.getName()))
        .findFirst();
  }

  private static Optional<PodCondition> condition(Pod pod, String type, String value) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
        .findFirst();
  }
}
