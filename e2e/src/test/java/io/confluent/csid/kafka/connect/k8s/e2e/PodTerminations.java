package io.confluent.csid.kafka.connect.k8s.e2e;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every container exit the kubelet reports in a namespace, by pod name. The process kubelet writes
 * a deleted pod's terminated state (exit code) before it removes the pod, so a watch sees how each
 * removed pod ended: 0 is the runner's clean stop after SIGTERM (offsets committed).
 */
final class PodTerminations implements AutoCloseable {

  /** One container exit. */
  record Exit(String pod, String container, int exitCode, String reason, String finishedAt) {}

  private final Watch watch;
  private final Map<String, Exit> seen = new LinkedHashMap<>();
  private final Set<String> keys = ConcurrentHashMap.newKeySet();

  private PodTerminations(KubernetesClient client, String namespace) {
    this.watch =
        client
            .pods()
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    record(pod);
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    // the test reads what it got; a lost watch shows up as a missing exit
                  }
                });
  }

  static PodTerminations watch(KubernetesClient client, String namespace) {
    return new PodTerminations(client, namespace);
  }

  private synchronized void record(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return;
    }
    for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
      add(pod, c, c.getState() == null ? null : c.getState().getTerminated());
      add(pod, c, c.getLastState() == null ? null : c.getLastState().getTerminated());
    }
  }

  private void add(Pod pod, ContainerStatus c, ContainerStateTerminated t) {
    if (t == null) {
      return;
    }
    // One exit per pod incarnation, container and finish time, however often it is reported.
    String key =
        pod.getMetadata().getUid()
            + "/"
            + c.getName()
            + "/"
            + t.getContainerID()
            + "/"
            + t.getFinishedAt();
    if (keys.add(key)) {
      seen.put(
          key,
          new Exit(
              pod.getMetadata().getName(),
              c.getName(),
              t.getExitCode() == null ? -1 : t.getExitCode(),
              t.getReason(),
              t.getFinishedAt()));
    }
  }

  synchronized List<Exit> exits() {
    return new ArrayList<>(seen.values());
  }

  synchronized List<Exit> exitsOf(String pod) {
    return seen.values().stream().filter(e -> e.pod().equals(pod)).toList();
  }

  @Override
  public void close() {
    watch.close();
  }
}
