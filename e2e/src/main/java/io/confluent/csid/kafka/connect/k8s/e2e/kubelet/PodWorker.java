package io.confluent.csid.kafka.connect.k8s.e2e.kubelet;

import io.confluent.csid.kafka.connect.k8s.e2e.kubelet.ContainerRun.Phase;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one pod (one UID) from binding to deletion on its own thread: volumes, init containers in
 * order, then the containers with probes and restarts, pod status after every visible change, and
 * graceful termination once the pod is being deleted.
 */
final class PodWorker implements Runnable {

  private static final Logger LOG = Logger.getLogger(PodWorker.class.getName());
  private static final Duration TICK = Duration.ofMillis(200);
  private static final Duration VOLUME_REFRESH = Duration.ofSeconds(5);

  private final ProcessKubelet kubelet;
  private final String namespace;
  private final String name;
  private final String uid;
  private final Path podDir;
  private final List<ContainerRun> initContainers = new ArrayList<>();
  private final List<ContainerRun> containers = new ArrayList<>();
  private final Map<String, String[]> conditions = new HashMap<>(); // type -> [status, time]
  private final Instant startTime = Instant.now();
  private Map<String, Path> volumes;
  private String volumeProblem;
  private Instant volumesRefreshed = Instant.EPOCH;
  private String lastStatusJson;
  private volatile boolean finished;

  PodWorker(ProcessKubelet kubelet, Pod pod) {
    this.kubelet = kubelet;
    this.namespace = pod.getMetadata().getNamespace();
    this.name = pod.getMetadata().getName();
    this.uid = pod.getMetadata().getUid();
    this.podDir =
        kubelet.options().workDir().resolve("pods").resolve(namespace + "_" + name + "_" + uid);
    for (Container c : pod.getSpec().getInitContainers()) {
      initContainers.add(run(c, true));
    }
    for (Container c : pod.getSpec().getContainers()) {
      containers.add(run(c, false));
    }
  }

  private ContainerRun run(Container c, boolean init) {
    return new ContainerRun(
        c,
        init,
        podDir.resolve("containers").resolve(c.getName()),
        kubelet.logFile(namespace, name, c.getName()));
  }

  boolean finished() {
    return finished;
  }

  String key() {
    return namespace + "/" + name;
  }

  List<ContainerRun> containers() {
    List<ContainerRun> all = new ArrayList<>(initContainers);
    all.addAll(containers);
    return all;
  }

  @Override
  public void run() {
    try {
      while (!kubelet.closing()) {
        Pod pod = kubelet.cachedPod(namespace, name, uid);
        if (pod == null) {
          // Force-deleted (grace 0) or gone with its namespace: nothing to report to.
          killAll(Duration.ZERO);
          return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
          terminate(pod);
          return;
        }
        step(pod);
        Thread.sleep(TICK.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "pod " + key() + ": worker failed", e);
    } finally {
      // Kubelet shutting down (or worker failure): never leave processes behind.
      killAll(Duration.ofSeconds(2));
      finished = true;
    }
  }

  private void step(Pod pod) {
    Instant now = Instant.now();
    String restartPolicy = pod.getSpec().getRestartPolicy();
    Duration grace = grace(pod);
    if (volumes == null || now.isAfter(volumesRefreshed.plus(VOLUME_REFRESH))) {
      try {
        Files.createDirectories(podDir.resolve("volumes"));
        volumes = kubelet.volumes().materialize(pod, podDir.resolve("volumes"));
        volumeProblem = null;
      } catch (NotReadyYet e) {
        // A running pod keeps its last files, as with a real kubelet.
        volumeProblem = e.getMessage();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      volumesRefreshed = now;
    }
    if (volumes != null) {
      ContainerRun pendingInit =
          initContainers.stream()
              .filter(c -> c.phase() != Phase.DONE || exitCode(c) != 0)
              .findFirst()
              .orElse(null);
      if (pendingInit != null) {
        if (pendingInit.phase() != Phase.DONE) {
          pendingInit.startIfDue(kubelet, pod, volumes, now);
          pendingInit.observe(now, restartPolicy, grace, kubelet.options());
        }
      } else {
        for (ContainerRun c : containers) {
          c.startIfDue(kubelet, pod, volumes, now);
          c.observe(now, restartPolicy, grace, kubelet.options());
        }
      }
    } else {
      containers().forEach(c -> c.waiting("ContainerCreating", volumeProblem));
    }
    writeStatus(pod, false);
  }

  private static int exitCode(ContainerRun c) {
    return c.lastExitCode() == null ? -1 : c.lastExitCode();
  }

  private void terminate(Pod pod) {
    Duration grace = grace(pod);
    LOG.info(() -> "pod " + key() + ": deleting, grace " + grace.toSeconds() + " s");
    List<Thread> killers = new ArrayList<>();
    for (ContainerRun c : containers()) {
      Thread t = new Thread(() -> c.kill(grace), "kill-" + key() + "-" + c.name());
      t.start();
      killers.add(t);
    }
    for (Thread t : killers) {
      try {
        t.join(grace.plusSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Instant now = Instant.now();
    containers().forEach(c -> c.terminated(now));
    writeStatus(pod, true);
    try {
      kubelet.client().pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      LOG.fine(() -> "pod " + key() + " already gone: " + e.getMessage());
    }
  }

  private void killAll(Duration grace) {
    for (ContainerRun c : containers()) {
      c.kill(grace);
    }
  }

  private static Duration grace(Pod pod) {
    Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
    if (seconds == null) {
      seconds = pod.getSpec().getTerminationGracePeriodSeconds();
    }
    return Duration.ofSeconds(seconds == null ? 30 : seconds);
  }

  private void writeStatus(Pod pod, boolean terminating) {
    boolean initDone =
        initContainers.stream().allMatch(c -> c.phase() == Phase.DONE && exitCode(c) == 0);
    boolean allReady = !terminating && containers.stream().allMatch(ContainerRun::ready);
    String phase = phase(pod.getSpec().getRestartPolicy(), initDone);
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", phase);
    List<Map<String, Object>> conds = new ArrayList<>();
    conds.add(condition("Initialized", initDone, initDone ? null : "ContainersNotInitialized"));
    conds.add(condition("Ready", allReady, allReady ? null : "ContainersNotReady"));
    conds.add(condition("ContainersReady", allReady, allReady ? null : "ContainersNotReady"));
    conds.add(condition("PodScheduled", true, null));
    status.put("conditions", conds);
    status.put("hostIP", "127.0.0.1");
    status.put("podIP", "127.0.0.1");
    status.put("podIPs", List.of(Map.of("ip", "127.0.0.1")));
    status.put("startTime", ProcessKubelet.time(startTime));
    if (!initContainers.isEmpty()) {
      status.put(
          "initContainerStatuses", initContainers.stream().map(c -> c.status(null)).toList());
    }
    String appWaiting = initDone ? null : "PodInitializing";
    status.put("containerStatuses", containers.stream().map(c -> c.status(appWaiting)).toList());
    String json = Serialization.asJson(Map.of("status", status));
    if (json.equals(lastStatusJson)) {
      return;
    }
    try {
      kubelet
          .client()
          .pods()
          .inNamespace(namespace)
          .withName(name)
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), json);
      lastStatusJson = json;
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "pod " + key() + ": status not written, retrying", e);
    }
  }

  private String phase(String restartPolicy, boolean initDone) {
    if (initContainers.stream().anyMatch(c -> c.phase() == Phase.DONE && exitCode(c) != 0)) {
      return "Failed";
    }
    if (!initDone || containers.stream().allMatch(c -> c.phase() == Phase.WAITING)) {
      return "Pending";
    }
    if (!"Always".equals(restartPolicy)
        && containers.stream().allMatch(c -> c.phase() == Phase.DONE)) {
      return containers.stream().allMatch(c -> exitCode(c) == 0) ? "Succeeded" : "Failed";
    }
    return "Running";
  }

  /** A condition whose lastTransitionTime changes only when its status does. */
  private Map<String, Object> condition(String type, boolean value, String reason) {
    String status = value ? "True" : "False";
    String[] previous = conditions.get(type);
    if (previous == null || !previous[0].equals(status)) {
      previous = new String[] {status, ProcessKubelet.time(Instant.now())};
      conditions.put(type, previous);
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", status);
    c.put("lastProbeTime", null);
    c.put("lastTransitionTime", previous[1]);
    if (reason != null) {
      c.put("reason", reason);
    }
    return c;
  }
}
