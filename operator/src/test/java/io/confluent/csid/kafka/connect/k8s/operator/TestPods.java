package io.confluent.csid.kafka.connect.k8s.operator;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.Map;

/** Pod statuses as the kubelet reports them, for every state the status must explain. */
public final class TestPods {

  public static final String CONFIG_INVALID_MESSAGE =
      "Invalid connector config: file: Missing required configuration \"file\"\n"
          + "org.apache.kafka.connect.errors.ConnectException: invalid\n"
          + "\tat org.example.Runner.main(Runner.java:1)";

  private TestPods() {}

  public static PodStatus runningReady() {
    return new PodStatusBuilder()
        .withPhase("Running")
        .addToContainerStatuses(
            new ContainerStatusBuilder()
                .withName("runner")
                .withReady(true)
                .withRestartCount(0)
                .withNewState()
                .withNewRunning()
                .withStartedAt("2026-01-01T00:00:00Z")
                .endRunning()
                .endState()
                .build())
        .build();
  }

  public static PodStatus runningAfterOomKill() {
    PodStatus status = runningReady();
    status.getContainerStatuses().get(0).setRestartCount(2);
    status
        .getContainerStatuses()
        .get(0)
        .setLastState(
            new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(137)
                .withReason("OOMKilled")
                .endTerminated()
                .build());
    return status;
  }

  public static PodStatus crashLoop(int exitCode, String reason, String message) {
    return new PodStatusBuilder()
        .withPhase("Running")
        .addToContainerStatuses(
            new ContainerStatusBuilder()
                .withName("runner")
                .withReady(false)
                .withRestartCount(4)
                .withNewState()
                .withNewWaiting()
                .withReason("CrashLoopBackOff")
                .withMessage("back-off 40s restarting failed container")
                .endWaiting()
                .endState()
                .withNewLastState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(reason)
                .withMessage(message)
                .endTerminated()
                .endLastState()
                .build())
        .build();
  }

  /** The plugins init container failed and waits to be restarted; the runner never started. */
  public static PodStatus pluginsInitCrashLoop(int exitCode, String message) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .addToInitContainerStatuses(
            new ContainerStatusBuilder()
                .withName("plugins")
                .withReady(false)
                .withRestartCount(3)
                .withNewState()
                .withNewWaiting()
                .withReason("CrashLoopBackOff")
                .withMessage("back-off 40s restarting failed container=plugins")
                .endWaiting()
                .endState()
                .withNewLastState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason("Error")
                .withMessage(message)
                .endTerminated()
                .endLastState()
                .build())
        .addToContainerStatuses(
            new ContainerStatusBuilder()
                .withName("runner")
                .withReady(false)
                .withRestartCount(0)
                .withNewState()
                .withNewWaiting()
                .withReason("PodInitializing")
                .endWaiting()
                .endState()
                .build())
        .build();
  }

  public static PodStatus imagePullBackOff() {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .addToContainerStatuses(
            new ContainerStatusBuilder()
                .withName("runner")
                .withReady(false)
                .withRestartCount(0)
                .withNewState()
                .withNewWaiting()
                .withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"example/nope:1\"")
                .endWaiting()
                .endState()
                .build())
        .build();
  }

  public static PodStatus unschedulable() {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("False")
        .withReason("Unschedulable")
        .withMessage("0/3 nodes are available: 3 Insufficient memory.")
        .endCondition()
        .build();
  }

  public static Pod pod(String name, PodStatus status, Map<String, String> annotations) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withAnnotations(annotations)
        .endMetadata()
        .withStatus(status)
        .build();
  }
}
