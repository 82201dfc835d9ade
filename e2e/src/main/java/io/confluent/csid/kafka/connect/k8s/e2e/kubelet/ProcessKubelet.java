package io.confluent.csid.kafka.connect.k8s.e2e.kubelet;

import io.confluent.csid.kafka.connect.k8s.e2e.LogTail;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A kubelet (and a one-node scheduler) whose container runtime is local processes. It registers a
 * Node that stays Ready (Lease and status heartbeats), binds pending pods that fit, and runs each
 * bound pod with a {@link PodWorker}. Everything it does goes through the real API server with the
 * same subresources a kubelet and kube-scheduler use (binding, pods/status, nodes/status, leases),
 * so the controllers and the operator see what they would see in a cluster.
 */
public final class ProcessKubelet implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ProcessKubelet.class.getName());
  private static final Duration SYNC_PERIOD = Duration.ofMillis(500);
  private static final Duration HEARTBEAT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> PORTS_IN_USE = ConcurrentHashMap.newKeySet();

  private static final int FIRST_POD_PORT = 20_000;
  private static final int LAST_POD_PORT = 32_000;
  private static final AtomicInteger NEXT_POD_PORT =
      new AtomicInteger(FIRST_POD_PORT + (int) (ProcessHandle.current().pid() % 1_000) * 10);

  private final KubernetesClient client;
  private final KubeletOptions options;
  private final VolumeMaterializer volumes;
  private final Map<String, PodWorker> workers = new ConcurrentHashMap<>(); // by uid
  private final Map<String, Thread> workerThreads = new ConcurrentHashMap<>();
  private final Set<String> bindingSent = ConcurrentHashMap.newKeySet();
  private final Semaphore wakeup = new Semaphore(0);
  private final Instant nodeReadySince = Instant.now();
  private SharedIndexInformer<Pod> informer;
  private Thread syncThread;
  private volatile boolean closing;

  private ProcessKubelet(KubernetesClient client, KubeletOptions options) {
    this.client = client;
    this.options = options;
    this.volumes = new VolumeMaterializer(client);
  }

  /** Registers the Node and starts binding and running pods. */
  public static ProcessKubelet start(KubernetesClient client, KubeletOptions options) {
    ProcessKubelet kubelet = new ProcessKubelet(client, options);
    try {
      kubelet.startAll();
      return kubelet;
    } catch (RuntimeException e) {
      kubelet.close();
      throw e;
    }
  }

  public KubeletOptions options() {
    return options;
  }

  public String nodeName() {
    return options.nodeName();
  }

  KubernetesClient client() {
    return client;
  }

  VolumeMaterializer volumes() {
    return volumes;
  }

  boolean closing() {
    return closing;
  }

  private void startAll() {
    try {
      Files.createDirectories(options.workDir().resolve("logs"));
      Files.createDirectories(options.workDir().resolve("pods"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registerNode();
    informer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    wakeup.release();
                  }

                  @Override
                  public void onUpdate(Pod oldPod, Pod newPod) {
                    wakeup.release();
                  }

                  @Override
                  public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                    wakeup.release();
                  }
                },
                60_000);
    syncThread = new Thread(this::syncLoop, "process-kubelet-sync");
    syncThread.setDaemon(true);
    syncThread.start();
    LOG.info(
        () -> "process kubelet running node " + nodeName() + ", work dir " + options.workDir());
  }

  // ---- node ------------------------------------------------------------------------------------

  private void registerNode() {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(nodeName())
            .withLabels(nodeLabels())
            .endMetadata()
            .build();
    client.nodes().resource(node).createOr(op -> op.update());
    heartbeat();
  }

  private Map<String, String> nodeLabels() {
    return Map.of(
        "kubernetes.io/hostname", nodeName(),
        "kubernetes.io/os", "linux",
        "kubernetes.io/arch", "amd64");
  }

  private Map<String, Quantity> allocatable() {
    return Map.of(
        "cpu", new Quantity(options.cpu()),
        "memory", new Quantity(options.memory()),
        "pods", new Quantity(String.valueOf(options.maxPods())));
  }

  /**
   * Node status and Lease renewal: the node lifecycle controller marks a node NotReady (and then
   * evicts its pods) when neither was updated within 40 s.
   */
  private void heartbeat() {
    String now = time(Instant.now());
    Map<String, Object> status = new LinkedHashMap<>();
    Map<String, String> resources =
        allocatable().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString()));
    status.put("capacity", resources);
    status.put("allocatable", resources);
    status.put(
        "conditions",
        List.of(
            nodeCondition("MemoryPressure", "False", "KubeletHasSufficientMemory", now),
            nodeCondition("DiskPressure", "False", "KubeletHasNoDiskPressure", now),
            nodeCondition("PIDPressure", "False", "KubeletHasSufficientPID", now),
            nodeCondition("Ready", "True", "KubeletReady", now)));
    status.put(
        "addresses",
        List.of(
            Map.of("type", "InternalIP", "address", "127.0.0.1"),
            Map.of("type", "Hostname", "address", nodeName())));
    status.put("daemonEndpoints", Map.of("kubeletEndpoint", Map.of("Port", 0)));
    status.put(
        "nodeInfo",
        Map.of(
            "machineID", "e2e",
            "systemUUID", "e2e",
            "bootID", "e2e",
            "kernelVersion", System.getProperty("os.version"),
            "osImage", "process kubelet (connect-k8s e2e)",
            "containerRuntimeVersion", "process://1",
            "kubeletVersion", "v1.20.2",
            "kubeProxyVersion", "v1.20.2",
            "operatingSystem", "linux",
            "architecture", "amd64"));
    client
        .nodes()
        .withName(nodeName())
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", status)));
    renewLease();
  }

  private Map<String, Object> nodeCondition(String type, String status, String reason, String now) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", status);
    c.put("reason", reason);
    c.put("lastHeartbeatTime", now);
    c.put("lastTransitionTime", time(nodeReadySince));
    return c;
  }

  private void renewLease() {
    Map<String, Object> spec =
        Map.of("holderIdentity", nodeName(), "leaseDurationSeconds", 40, "renewTime", microTime());
    var leases = client.leases().inNamespace("kube-node-lease");
    if (leases.withName(nodeName()).get() == null) {
      Node node = client.nodes().withName(nodeName()).get();
      Map<String, Object> lease =
          Map.of(
              "apiVersion",
              "coordination.k8s.io/v1",
              "kind",
              "Lease",
              "metadata",
              Map.of(
                  "name", nodeName(),
                  "namespace", "kube-node-lease",
                  "ownerReferences",
                      List.of(
                          Map.of(
                              "apiVersion",
                              "v1",
                              "kind",
                              "Node",
                              "name",
                              nodeName(),
                              "uid",
                              node.getMetadata().getUid()))),
              "spec",
              spec);
      client.resource(Serialization.asJson(lease)).create();
    } else {
      leases
          .withName(nodeName())
          .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("spec", spec)));
    }
  }

  private static String microTime() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return String.format(
        "%s.%06dZ",
        now.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""), now.getNano() / 1000);
  }

  // ---- scheduling and pod workers --------------------------------------------------------------

  private void syncLoop() {
    Instant lastHeartbeat = Instant.now();
    while (!closing) {
      try {
        wakeup.tryAcquire(SYNC_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        wakeup.drainPermits();
        if (closing) {
          return;
        }
        if (Instant.now().isAfter(lastHeartbeat.plus(HEARTBEAT))) {
          heartbeat();
          lastHeartbeat = Instant.now();
        }
        sync();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "process kubelet sync failed, retrying", e);
      }
    }
  }

  private void sync() {
    List<Pod> pods = new ArrayList<>(informer.getStore().list());
    pods.sort(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()));
    List<Pod> bound = new ArrayList<>();
    for (Pod pod : pods) {
      if (nodeName().equals(pod.getSpec().getNodeName()) && !terminal(pod)) {
        bound.add(pod);
      }
    }
    for (Pod pod : pods) {
      String node = pod.getSpec().getNodeName();
      String uid = pod.getMetadata().getUid();
      if ((node == null || node.isEmpty()) && pod.getMetadata().getDeletionTimestamp() == null) {
        if (!bindingSent.contains(uid) && schedule(pod, bound)) {
          bound.add(pod);
        }
      } else if (nodeName().equals(node) && !workers.containsKey(uid) && !terminal(pod)) {
        startWorker(pod);
      }
    }
    workers.values().removeIf(w -> w.finished());
    workerThreads.values().removeIf(t -> !t.isAlive());
  }

  private static boolean terminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private boolean schedule(Pod pod, List<Pod> bound) {
    String scheduler = pod.getSpec().getSchedulerName();
    if (scheduler != null && !"default-scheduler".equals(scheduler)) {
      return false;
    }
    Optional<String> problem = NodeFit.unschedulable(pod, bound, nodeLabels(), allocatable());
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    if (problem.isPresent()) {
      markUnschedulable(pod, problem.get());
      return false;
    }
    try {
      client
          .bindings()
          .inNamespace(ns)
          .resource(
              new BindingBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withUid(pod.getMetadata().getUid())
                  .endMetadata()
                  .withNewTarget()
                  .withApiVersion("v1")
                  .withKind("Node")
                  .withName(nodeName())
                  .endTarget()
                  .build())
          .create();
      bindingSent.add(pod.getMetadata().getUid());
      LOG.fine(() -> "bound " + ns + "/" + name + " to " + nodeName());
      return true;
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "binding " + ns + "/" + name + " failed, retrying", e);
      return false;
    }
  }

  private void markUnschedulable(Pod pod, String message) {
    Optional<PodCondition> current =
        pod.getStatus() == null
            ? Optional.empty()
            : pod.getStatus().getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType()))
                .findFirst();
    if (current.isPresent() && message.equals(current.get().getMessage())) {
      return;
    }
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put("type", "PodScheduled");
    condition.put("status", "False");
    condition.put("reason", "Unschedulable");
    condition.put("message", message);
    condition.put("lastProbeTime", null);
    condition.put("lastTransitionTime", time(Instant.now()));
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(
                  Map.of("status", Map.of("phase", "Pending", "conditions", List.of(condition)))));
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "cannot mark pod unschedulable", e);
    }
  }

  private void startWorker(Pod pod) {
    PodWorker worker = new PodWorker(this, pod);
    workers.put(pod.getMetadata().getUid(), worker);
    Thread t = new Thread(worker, "pod-" + worker.key());
    t.setDaemon(true);
    workerThreads.put(pod.getMetadata().getUid(), t);
    t.start();
  }

  /** The pod from the informer cache, or null once it (that UID) is gone. */
  Pod cachedPod(String namespace, String name, String uid) {
    Pod pod = informer.getStore().getByKey(namespace + "/" + name);
    return pod != null && uid.equals(pod.getMetadata().getUid()) ? pod : null;
  }

  // ---- logs ------------------------------------------------------------------------------------

  Path logFile(String namespace, String pod, String container) {
    return options
        .workDir()
        .resolve("logs")
        .resolve(namespace + "_" + pod + "_" + container + ".log");
  }

  /** All output of a container across restarts and pod incarnations (with start markers). */
  public String log(String namespace, String pod, String container) {
    try {
      Path file = logFile(namespace, pod, container);
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines of every container log, to print when a test fails. */
  public String logTails(int lines) {
    try (Stream<Path> files = Files.list(options.workDir().resolve("logs"))) {
      return files
          .sorted()
          .map(f -> "---- " + f.getFileName() + "\n" + LogTail.lastLines(f, lines))
          .collect(Collectors.joining("\n"));
    } catch (IOException e) {
      return "(no logs: " + e.getMessage() + ")";
    }
  }

  /**
   * Ports handed to processes stay reserved for the bed's lifetime: no reuse, no collision. They
   * come from below Linux's ephemeral range (32768 and up): a port found free there can be taken by
   * an outgoing connection of any of the bed's JVMs before the pod's process binds it seconds
   * later; below the range nothing is assigned implicitly. Each bed starts at its own offset so
   * that beds of parallel test JVMs rarely meet.
   */
  static int freePort() {
    for (int attempt = 0; attempt < 2 * (LAST_POD_PORT - FIRST_POD_PORT); attempt++) {
      int port = NEXT_POD_PORT.getAndIncrement();
      if (port >= LAST_POD_PORT) {
        NEXT_POD_PORT.set(FIRST_POD_PORT);
        continue;
      }
      if (PORTS_IN_USE.contains(String.valueOf(port))) {
        continue;
      }
      try (ServerSocket s = new ServerSocket(port)) {
        PORTS_IN_USE.add(String.valueOf(port));
        return s.getLocalPort();
      } catch (IOException busy) {
        // Someone else's: try the next.
      }
    }
    throw new IllegalStateException("no free port in " + FIRST_POD_PORT + ".." + LAST_POD_PORT);
  }

  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Stops every pod's processes (not their API objects) and the informer; the Node remains. */
  @Override
  public void close() {
    closing = true;
    wakeup.release();
    Set<Thread> threads = new HashSet<>(workerThreads.values());
    for (Thread t : threads) {
      try {
        t.join(STOP_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (syncThread != null) {
      syncThread.interrupt();
    }
    if (informer != null) {
      informer.close();
    }
  }
}
