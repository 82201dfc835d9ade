package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * A runner process killed the hard way, as the OOM killer or a node's kernel would: SIGKILL to the
 * container's process, no shutdown hook, no offset flush. The kubelet notices the exit and restarts
 * the container in the same pod (restartPolicy Always).
 */
final class PodKill {

  /** 128 + SIGKILL (9), as a container runtime reports it. */
  static final int SIGKILL_EXIT_CODE = 137;

  private PodKill() {}

  /** SIGKILL to the pod's (only) container process; returns the restart count it had. */
  static int sigkill(Bed bed, String namespace, String pod) {
    ContainerStatus status = container(bed, namespace, pod);
    assertThat(status.getState().getRunning()).as(pod + " is running").isNotNull();
    // The process kubelet's container id is process://<pid of the container's process>.
    long pid = Long.parseLong(status.getContainerID().substring("process://".length()));
    try {
      int exit = new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).start().waitFor();
      assertThat(exit).as("kill -KILL " + pid).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return status.getRestartCount();
  }

  /** Waits until the kubelet restarted the killed container and the pod is Ready again. */
  static void awaitRestartedAndReady(
      Bed bed, String namespace, String pod, int restartsBefore, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              ContainerStatus s = container(bed, namespace, pod);
              assertThat(s.getRestartCount()).isEqualTo(restartsBefore + 1);
              assertThat(s.getLastState().getTerminated().getExitCode())
                  .isEqualTo(SIGKILL_EXIT_CODE);
              assertThat(
                      ConnectorFixtures.ready(
                          bed.client().pods().inNamespace(namespace).withName(pod).get()))
                  .isTrue();
            });
  }

  private static ContainerStatus container(Bed bed, String namespace, String pod) {
    Pod p = bed.client().pods().inNamespace(namespace).withName(pod).get();
    assertThat(p).as(pod).isNotNull();
    return p.getStatus().getContainerStatuses().get(0);
  }
}
