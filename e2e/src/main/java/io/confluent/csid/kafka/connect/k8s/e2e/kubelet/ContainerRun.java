package io.confluent.csid.kafka.connect.k8s.e2e.kubelet;

import io.confluent.csid.kafka.connect.k8s.e2e.LogTail;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One container of a pod across its restarts: the process, its probes, its crash-loop back-off and
 * the state Kubernetes shows for it (waiting, running, terminated, lastState).
 */
final class ContainerRun {

  /** What the process kubelet does with the container next. */
  enum Phase {
    WAITING, // not started yet, or a start failed for a retriable reason
    RUNNING,
    BACKING_OFF, // exited, restart due at restartAt
    DONE // exited, no restart (restartPolicy, or a completed init container)
  }

  private static final int MAX_MESSAGE_BYTES = 4096;

  private final Container spec;
  private final boolean init;
  private final Path dir;
  private final Path log;
  private Phase phase = Phase.WAITING;
  private String waitingReason = "ContainerCreating";
  private String waitingMessage;
  private Process process;
  private Map<String, String> env = Map.of();
  private int port;
  private Instant startedAt;
  private long logOffset;
  private Instant restartAt;
  private Duration backoff = Duration.ZERO;
  private int restartCount;
  private Map<String, Object> lastTermination;
  private Map<String, Object> previousTermination;
  private Prober startup;
  private Prober liveness;
  private Prober readiness;

  ContainerRun(Container spec, boolean init, Path dir, Path log) {
    this.spec = spec;
    this.init = init;
    this.dir = dir;
    this.log = log;
  }

  String name() {
    return spec.getName();
  }

  Phase phase() {
    return phase;
  }

  Integer lastExitCode() {
    return lastTermination == null ? null : (Integer) lastTermination.get("exitCode");
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  void waiting(String reason, String message) {
    if (phase == Phase.WAITING) {
      waitingReason = reason;
      waitingMessage = message;
    }
  }

  boolean ready() {
    return phase == Phase.RUNNING
        && started()
        && (readiness == null || Boolean.TRUE.equals(readiness.result()));
  }

  private boolean started() {
    return startup == null || Boolean.TRUE.equals(startup.result());
  }

  /** Starts the process if it is due; returns true when the visible state changed. */
  boolean startIfDue(ProcessKubelet kubelet, Pod pod, Map<String, Path> volumes, Instant now) {
    if (!(phase == Phase.WAITING || (phase == Phase.BACKING_OFF && !now.isBefore(restartAt)))) {
      return false;
    }
    try {
      ImageResolver.ImageRun image =
          kubelet
              .options()
              .images()
              .resolve(spec)
              .orElseThrow(
                  () ->
                      new NotReadyYet(
                          "ErrImagePull",
                          "image \"" + spec.getImage() + "\" is unknown to the process kubelet"));
      if (port == 0) {
        port = ProcessKubelet.freePort();
      }
      env =
          ContainerEnv.build(kubelet.client(), pod, spec, kubelet.options().apiserverPort(), port);
      Files.createDirectories(dir.resolve("cwd"));
      Path termination = dir.resolve("termination-log");
      Files.write(termination, new byte[0]);
      VolumeMaterializer.chmod(termination, 0666);
      List<String> argv =
          MountScript.command(pod, spec, image.files(), volumes, termination, image.command());
      if (phase == Phase.BACKING_OFF) {
        restartCount++;
      }
      logOffset = Files.exists(log) ? Files.size(log) : 0;
      Files.writeString(
          log,
          "=== process kubelet: start "
              + pod.getMetadata().getUid()
              + " restart "
              + restartCount
              + " port "
              + port
              + " ===\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder pb =
          new ProcessBuilder(argv)
              .directory(dir.resolve("cwd").toFile())
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().clear();
      pb.environment().putAll(env);
      process = pb.start();
      startedAt = now;
      phase = Phase.RUNNING;
      waitingReason = null;
      waitingMessage = null;
      startup = spec.getStartupProbe() == null ? null : new Prober(spec.getStartupProbe(), now);
      liveness = spec.getLivenessProbe() == null ? null : new Prober(spec.getLivenessProbe(), now);
      readiness =
          spec.getReadinessProbe() == null ? null : new Prober(spec.getReadinessProbe(), now);
      return true;
    } catch (NotReadyYet e) {
      boolean changed = !e.reason().equals(waitingReason) || !e.getMessage().equals(waitingMessage);
      if (phase == Phase.WAITING) {
        waitingReason = e.reason();
        waitingMessage = e.getMessage();
      } else {
        restartAt = now.plusSeconds(1);
      }
      return changed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Notices an exit and runs due probes. A failed liveness or startup probe kills the process like
   * the kubelet does. Returns true when the visible state changed.
   */
  boolean observe(Instant now, String restartPolicy, Duration grace, KubeletOptions options) {
    if (phase != Phase.RUNNING) {
      return false;
    }
    if (!process.isAlive()) {
      exited(now, restartPolicy, options);
      return true;
    }
    boolean changed = false;
    if (startup != null && !Boolean.TRUE.equals(startup.result())) {
      changed = startup.runIfDue(now, port, process.pid(), env);
      if (Boolean.FALSE.equals(startup.result())) {
        kill(grace);
        exited(Instant.now(), restartPolicy, options);
        return true;
      }
      return changed;
    }
    if (liveness != null) {
      changed |= liveness.runIfDue(now, port, process.pid(), env);
      if (Boolean.FALSE.equals(liveness.result())) {
        kill(grace);
        exited(Instant.now(), restartPolicy, options);
        return true;
      }
    }
    if (readiness != null) {
      changed |= readiness.runIfDue(now, port, process.pid(), env);
    }
    return changed;
  }

  /** SIGTERM to the process tree, SIGKILL after {@code grace}. */
  void kill(Duration grace) {
    if (process != null && process.isAlive()) {
      io.confluent.csid.kafka.connect.k8s.e2e.ChildProcess.stopTree(process.toHandle(), grace);
    }
  }

  /** After {@link #kill}: records the termination without planning a restart. */
  void terminated(Instant now) {
    if (phase == Phase.RUNNING) {
      recordExit(now);
      phase = Phase.DONE;
    }
  }

  private void exited(Instant now, String restartPolicy, KubeletOptions options) {
    int code = recordExit(now);
    boolean restart =
        !init && "Always".equals(restartPolicy)
            || "OnFailure".equals(restartPolicy) && code != 0
            || init && code != 0 && !"Never".equals(restartPolicy);
    if (!restart) {
      phase = Phase.DONE;
      return;
    }
    // Kubernetes: the first restart is immediate, then 10 s doubling up to 5 min, reset once a
    // container ran for longer than twice the cap.
    if (Duration.between(startedAt, now).compareTo(options.backoffMax().multipliedBy(2)) > 0) {
      backoff = Duration.ZERO;
    }
    phase = Phase.BACKING_OFF;
    restartAt = now.plus(backoff);
    backoff = nextBackoff(options);
  }

  private Duration nextBackoff(KubeletOptions options) {
    Duration next = backoff.isZero() ? options.backoffBase() : backoff.multipliedBy(2);
    return next.compareTo(options.backoffMax()) > 0 ? options.backoffMax() : next;
  }

  private int recordExit(Instant now) {
    int code;
    try {
      code = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = process.isAlive() ? 137 : process.exitValue();
    }
    String message = terminationMessage(code);
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("exitCode", code);
    t.put("reason", code == 0 ? "Completed" : "Error");
    if (!message.isEmpty()) {
      t.put("message", message);
    }
    t.put("startedAt", ProcessKubelet.time(startedAt));
    t.put("finishedAt", ProcessKubelet.time(now));
    t.put("containerID", containerId());
    previousTermination = lastTermination;
    lastTermination = t;
    return code;
  }

  private String terminationMessage(int code) {
    try {
      Path file = dir.resolve("termination-log");
      byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
      String message =
          new String(bytes, 0, Math.min(bytes.length, MAX_MESSAGE_BYTES), StandardCharsets.UTF_8);
      if (message.isEmpty()
          && code != 0
          && "FallbackToLogsOnError".equals(spec.getTerminationMessagePolicy())) {
        message = logSinceStart(80, 2048);
      }
      return message;
    } catch (IOException e) {
      return "";
    }
  }

  private String logSinceStart(int lines, int maxBytes) throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(logOffset, in.length() - 64 * 1024);
      byte[] bytes = new byte[(int) (in.length() - start)];
      in.seek(start);
      in.readFully(bytes);
      List<String> all =
          new String(bytes, StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.startsWith("=== process kubelet"))
              .toList();
      String tail = String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
      return tail.length() > maxBytes ? tail.substring(tail.length() - maxBytes) : tail;
    }
  }

  private String containerId() {
    return process == null ? null : "process://" + process.pid();
  }

  /** The container's entry in the pod's (init)containerStatuses. */
  Map<String, Object> status(String podWaitingReason) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", spec.getName());
    s.put("image", spec.getImage());
    s.put("imageID", "");
    if (process != null) {
      s.put("containerID", containerId());
    }
    s.put("ready", ready());
    s.put("started", phase == Phase.RUNNING && started());
    s.put("restartCount", restartCount);
    Map<String, Object> state = new LinkedHashMap<>();
    Map<String, Object> last = null;
    switch (phase) {
      case WAITING -> {
        String reason =
            podWaitingReason != null && "ContainerCreating".equals(waitingReason)
                ? podWaitingReason
                : waitingReason;
        state.put("waiting", waitingState(reason, waitingMessage));
        last = lastTermination;
      }
      case RUNNING -> {
        state.put("running", Map.of("startedAt", ProcessKubelet.time(startedAt)));
        last = lastTermination;
      }
      case BACKING_OFF -> {
        state.put(
            "waiting",
            waitingState(
                "CrashLoopBackOff",
                "back-off "
                    + Duration.between(lastFinished(), restartAt).toSeconds()
                    + "s restarting failed container="
                    + spec.getName()));
        last = lastTermination;
      }
      case DONE -> {
        state.put("terminated", lastTermination);
        last = previousTermination;
      }
    }
    s.put("state", state);
    s.put("lastState", last == null ? Map.of() : Map.of("terminated", last));
    return s;
  }

  private Instant lastFinished() {
    return Instant.parse((String) lastTermination.get("finishedAt"));
  }

  private static Map<String, Object> waitingState(String reason, String message) {
    Map<String, Object> w = new LinkedHashMap<>();
    w.put("reason", reason);
    if (message != null) {
      w.put("message", message);
    }
    return w;
  }

  String logTail(int lines) {
    return LogTail.lastLines(log, lines);
  }
}
