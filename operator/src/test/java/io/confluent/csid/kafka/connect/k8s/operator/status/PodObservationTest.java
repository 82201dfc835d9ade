package io.confluent.csid.kafka.connect.k8s.operator.status;

import static io.confluent.csid.kafka.connect.k8s.operator.TestPods.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.crd.InstanceState;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TargetState;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TaskInstanceStatus;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodObservationTest {

  @Test
  void readyPodRunsOrIsPausedByTargetState() {
    assertThat(observe(runningReady(), TargetState.RUNNING).getState())
        .isEqualTo(InstanceState.RUNNING);
    assertThat(observe(runningReady(), TargetState.PAUSED).getState())
        .isEqualTo(InstanceState.PAUSED);
    assertThat(observe(runningReady(), TargetState.RUNNING).getPod()).isEqualTo("c-tasks-0");
  }

  @Test
  void invalidConfigIsFailedWithTheFieldErrorsAndWithoutTheStackTrace() {
    var status = observe(crashLoop(2, "Error", CONFIG_INVALID_MESSAGE), TargetState.RUNNING);
    assertThat(status.getState()).isEqualTo(InstanceState.FAILED);
    assertThat(status.getReason()).isEqualTo("ConfigInvalid");
    assertThat(status.getRestartCount()).isEqualTo(4);
    assertThat(status.getLastFailureMessage())
        .startsWith("Invalid connector config: file: Missing required configuration \"file\"")
        .doesNotContain("\tat ");
  }

  @Test
  void aPluginThatCannotBeInstalledShowsTheInitContainersOneLineReason() {
    String mismatch =
        "Plugin pinned (https://h/p.jar): checksum mismatch: SHA-512 of https://h/p.jar is 9e"
            + " but spec (sha512) expects 00\n";
    var invalid = observe(pluginsInitCrashLoop(2, mismatch), TargetState.RUNNING);
    assertThat(invalid.getState()).isEqualTo(InstanceState.FAILED);
    assertThat(invalid.getReason()).isEqualTo("ConfigInvalid");
    assertThat(invalid.getLastFailureMessage()).isEqualTo(mismatch.strip());

    String stalled = "Plugin p (https://h/p.jar): https://h/p.jar stalled: no data for 30s";
    var transientFailure = observe(pluginsInitCrashLoop(1, stalled), TargetState.RUNNING);
    assertThat(transientFailure.getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(transientFailure.getLastFailureMessage()).isEqualTo(stalled);
  }

  @Test
  void crashLoopOfAFailedTaskKeepsItsOwnReason() {
    var status =
        observe(crashLoop(1, "Error", "Task threw an uncaught exception"), TargetState.RUNNING);
    assertThat(status.getState()).isEqualTo(InstanceState.FAILED);
    assertThat(status.getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(status.getLastFailureMessage()).isEqualTo("Task threw an uncaught exception");
  }

  @Test
  void oomKilledInACrashLoopSaysSo() {
    var status = observe(crashLoop(137, "OOMKilled", null), TargetState.RUNNING);
    assertThat(status.getReason()).isEqualTo("OOMKilled");
    assertThat(status.getLastFailureMessage()).isEqualTo("OOMKilled");
  }

  @Test
  void runningPodRemembersItWasOomKilled() {
    var status = observe(runningAfterOomKill(), TargetState.RUNNING);
    assertThat(status.getState()).isEqualTo(InstanceState.RUNNING);
    assertThat(status.getRestartCount()).isEqualTo(2);
    assertThat(status.getLastFailureMessage()).isEqualTo("OOMKilled");
  }

  @Test
  void imagePullBackOffIsAFailure() {
    var status = observe(imagePullBackOff(), TargetState.RUNNING);
    assertThat(status.getState()).isEqualTo(InstanceState.FAILED);
    assertThat(status.getReason()).isEqualTo("ImagePullBackOff");
    assertThat(status.getLastFailureMessage()).contains("example/nope:1");
  }

  @Test
  void unschedulablePodIsPendingWithTheSchedulersMessage() {
    var status = observe(unschedulable(), TargetState.RUNNING);
    assertThat(status.getState()).isEqualTo(InstanceState.PENDING);
    assertThat(status.getReason()).isEqualTo("Unschedulable");
    assertThat(status.getLastFailureMessage()).contains("Insufficient memory");
  }

  @Test
  void missingPodIsPendingUnlessStopped() {
    var pending = PodObservation.observe(null, TargetState.RUNNING, new TaskInstanceStatus());
    assertThat(pending.getState()).isEqualTo(InstanceState.PENDING);
    assertThat(pending.getReason()).isEqualTo("PodMissing");
    assertThat(
            PodObservation.observe(null, TargetState.STOPPED, new TaskInstanceStatus()).getState())
        .isEqualTo(InstanceState.STOPPED);
  }

  @Test
  void startingPodIsPending() {
    var status = observe(new PodStatus(), TargetState.RUNNING);
    assertThat(status.getState()).isEqualTo(InstanceState.PENDING);
    assertThat(status.getReason()).isEqualTo("Starting");
  }

  private static TaskInstanceStatus observe(PodStatus podStatus, TargetState target) {
    return PodObservation.observe(
        pod("c-tasks-0", podStatus, Map.of()), target, new TaskInstanceStatus());
  }
}
