package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 5: {@code spec.state} and the KIP-745 restart annotations on the real control plane,
 * checked where users look (the status, the pods, the Events) and where it matters (the records). A
 * FileStreamSource tails a host file that a thread appends numbered lines to at a steady rate; a
 * consumer notes when each line arrives. Pausing must stop the flow without restarting anything,
 * stopping must remove the pods, resuming must deliver the backlog, and each restart annotation
 * must replace exactly the pods it names; in the end every appended line has arrived.
 */
@ExtendWith(Bed.Extension.class)
class StateAndRestartE2E {

  private static final String NS = "state-restart-e2e";
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final int LINES_PER_SECOND = 50;

  /** How long the flow must stay silent to count as stopped: FileStreamSource polls every 1 s. */
  private static final Duration QUIET = Duration.ofSeconds(5);

  private static final DateTimeFormatter RUNNER_LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  private static Bed bed;

  private static synchronized void namespace(Bed bed) {
    if (StateAndRestartE2E.bed == null) {
      StateAndRestartE2E.bed = bed;
      bed.operator();
      ConnectorFixtures.createNamespace(bed, NS);
      ConnectorFixtures.applyWorkerConfig(bed, NS);
    }
  }

  @Test
  void pausedRunningStoppedRunningHoldsAndResumesTheFlowLosingNothing(Bed bed) {
    namespace(bed);
    KubernetesClient client = bed.client();
    ConnectorView kcn = new ConnectorView(client, NS, "states");
    try (LineFlow flow =
        LineFlow.start(
            bed.workDir().resolve("state-lines.txt"),
            LINES_PER_SECOND,
            bed.broker().bootstrapServers(),
            "state-flow",
            "state-e2e")) {
      ConnectorFixtures.applyFileSource(
          bed, NS, kcn.name(), "FileStreamSource", flow.file(), "state-flow");
      awaitRunningAndFlowing(kcn, flow, "RUNNING");
      String connectorUid = kcn.uid(kcn.connectorPod());
      String taskUid = kcn.uid(kcn.taskPod(0));

      // paused: the pods stay, the flow stops while lines keep being appended.
      Instant patched = setState(bed, kcn, "paused");
      Instant shown = awaitStates(kcn, "PAUSED", List.of("PAUSED"), "Paused");
      Instant lastRecord = awaitQuiet(flow);
      long appendedWhenQuiet = flow.appended();
      holdQuiet(flow, lastRecord);
      assertThat(flow.appended() - appendedWhenQuiet)
          .as("lines appended while paused")
          .isGreaterThanOrEqualTo(LINES_PER_SECOND * QUIET.toSeconds() / 2);
      Instant applied = loggedAt(bed, kcn.taskPod(0), "Target state STARTED -> PAUSED");
      report(
          "paused",
          "status PAUSED %.1f s after the patch; the task's runner logged the pause %.1f s after"
              + " it; last record %.1f s after the patch (%+.1f s relative to the status); then"
              + " %d s without a record while %d lines were appended",
          seconds(patched, shown),
          seconds(patched, applied),
          seconds(patched, lastRecord),
          seconds(shown, lastRecord),
          Duration.between(lastRecord, Instant.now()).toSeconds(),
          flow.appended() - appendedWhenQuiet);
      assertSamePods(kcn, connectorUid, taskUid);

      // running: the same pods resume; the backlog and the new lines arrive.
      patched = setState(bed, kcn, "running");
      shown = awaitStates(kcn, "RUNNING", List.of("RUNNING"), "Running");
      Instant caughtUp = awaitArrived(flow, flow.appended());
      applied = loggedAt(bed, kcn.taskPod(0), "Target state PAUSED -> STARTED");
      report(
          "running",
          "status RUNNING %.1f s after the patch; the task's runner logged the resume %.1f s"
              + " after it; every line appended so far arrived %.1f s after the patch",
          seconds(patched, shown),
          seconds(patched, applied),
          seconds(patched, caughtUp));
      assertSamePods(kcn, connectorUid, taskUid);

      // stopped (KIP-875): no pods at all, no published task configs, no records.
      patched = setState(bed, kcn, "stopped");
      shown = awaitStates(kcn, "STOPPED", List.of(), "Stopped");
      assertThat(kcn.pods()).as("pods of a stopped connector").isEmpty();
      for (String sts : List.of("states-connector", "states-tasks")) {
        assertThat(client.apps().statefulSets().inNamespace(NS).withName(sts).get())
            .extracting(s -> s.getSpec().getReplicas())
            .as(sts + " replicas")
            .isEqualTo(0);
      }
      Secret tasks = client.secrets().inNamespace(NS).withName("states-tasks").get();
      assertThat(tasks.getData() == null ? Map.of() : tasks.getData())
          .as("published task configs")
          .isEmpty();
      lastRecord = awaitQuiet(flow);
      holdQuiet(flow, lastRecord);
      for (String pod : List.of(kcn.connectorPod(), kcn.taskPod(0))) {
        assertThat(bed.kubelet().log(NS, pod, "runner"))
            .as(pod + " stopped cleanly on SIGTERM")
            .contains("connect-k8s-runner stopped in");
      }
      report(
          "stopped",
          "status STOPPED (Ready=True/Stopped, pods gone) %.1f s after the patch; last record"
              + " %.1f s after the patch",
          seconds(patched, shown),
          seconds(patched, lastRecord));

      // running again: new pods, the connector publishes afresh, the flow resumes from the
      // committed offsets.
      patched = setState(bed, kcn, "running");
      shown = awaitStates(kcn, "RUNNING", List.of("RUNNING"), "Running");
      caughtUp = awaitArrived(flow, flow.appended());
      assertThat(kcn.uid(kcn.connectorPod())).isNotEqualTo(connectorUid);
      assertThat(kcn.uid(kcn.taskPod(0))).isNotEqualTo(taskUid);
      report(
          "running again",
          "status RUNNING %.1f s after the patch (new pods); every line appended so far arrived"
              + " %.1f s after the patch",
          seconds(patched, shown),
          seconds(patched, caughtUp));

      long total = flow.stopWriting();
      awaitArrived(flow, total);
      report("state flow", "%d lines appended, all arrived; %s", total, flow.duplicateSummary());
      assertThat(flow.missing(total)).as("lines lost").isEmpty();
      // Every stop on this path was graceful (pause, SIGTERM), each committing its offsets.
      assertThat(flow.duplicates()).as("lines delivered twice").isEmpty();
    }
  }

  @Test
  void eachRestartAnnotationReplacesExactlyItsPodsAndTheFlowLosesNothing(Bed bed) {
    namespace(bed);
    KubernetesClient client = bed.client();
    ConnectorView kcn = new ConnectorView(client, NS, "restarts");
    ConnectorView broken = new ConnectorView(client, NS, "broken");
    try (LineFlow flow =
        LineFlow.start(
            bed.workDir().resolve("restart-lines.txt"),
            LINES_PER_SECOND,
            bed.broker().bootstrapServers(),
            "restart-flow",
            "restart-e2e")) {
      ConnectorFixtures.applyFileSource(
          bed, NS, kcn.name(), "FileStreamSource", flow.file(), "restart-flow");
      // A connector that cannot start (unknown class): the one FAILED pod `failed` may restart.
      ConnectorFixtures.applyFileSource(
          bed, NS, broken.name(), "com.example.DoesNotExist", flow.file(), "restart-broken");
      awaitRunningAndFlowing(kcn, flow, "RUNNING");
      await()
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(broken.connectorState()).isEqualTo("FAILED"));

      String connector = kcn.connectorPod();
      String task = kcn.taskPod(0);
      Map<String, String> timings = new LinkedHashMap<>();
      timings.put(
          "restart=connector",
          restart(bed, kcn, flow, "connect-k8s.io/restart", "connector", Set.of(connector), task));
      timings.put(
          "restart-task=0",
          restart(bed, kcn, flow, "connect-k8s.io/restart-task", "0", Set.of(task), connector));
      timings.put(
          "restart=tasks",
          restart(bed, kcn, flow, "connect-k8s.io/restart", "tasks", Set.of(task), connector));
      timings.put(
          "restart=all",
          restart(bed, kcn, flow, "connect-k8s.io/restart", "all", Set.of(connector, task)));
      // Only FAILED pods: a healthy connector keeps every pod.
      timings.put(
          "restart=failed (healthy)",
          restart(bed, kcn, flow, "connect-k8s.io/restart", "failed", Set.of(), connector, task));
      timings.put(
          "restart=failed-tasks (healthy)",
          restart(
              bed, kcn, flow, "connect-k8s.io/restart", "failed-tasks", Set.of(), connector, task));
      timings.put(
          "restart=failed (failed connector)",
          restart(
              bed,
              broken,
              null,
              "connect-k8s.io/restart",
              "failed",
              Set.of(broken.connectorPod())));

      // A value the operator does not know, or a task the connector does not have, is removed
      // too, with a Warning saying why, and restarts nothing.
      invalidRestart(bed, kcn, "connect-k8s.io/restart", "everything", "everything");
      invalidRestart(bed, kcn, "connect-k8s.io/restart-task", "5", "1 task(s)");
      // Every restart so far deleted pods, so every stop was a SIGTERM that committed offsets.
      assertThat(flow.duplicates()).as("lines delivered twice after graceful stops").isEmpty();

      // A task in a crash loop is FAILED; failed-tasks restarts it now, not after the back-off.
      int kills = crashLoop(kcn, task);
      timings.put(
          "restart=failed-tasks (task in CrashLoopBackOff after " + kills + " SIGKILLs)",
          restart(
              bed, kcn, flow, "connect-k8s.io/restart", "failed-tasks", Set.of(task), connector));

      long total = flow.stopWriting();
      awaitArrived(flow, total);
      timings.forEach((what, figures) -> report(what, "%s", figures));
      // The first SIGKILL hit a running task: what it produced after its last offset commit
      // (offset.flush.interval.ms=1000) comes again, as the runner's design says.
      report("restart flow", "%d lines appended, all arrived; %s", total, flow.duplicateSummary());
      assertThat(flow.missing(total)).as("lines lost").isEmpty();
      assertThat(kcn.summary()).startsWith("connector=RUNNING tasks=[RUNNING]");
    }
  }

  /**
   * SIGKILLs the pod's runner each time the kubelet starts it again, until the kubelet backs off
   * long enough (the bed's back-off doubles from 2 s) for the status to show the task FAILED in
   * CrashLoopBackOff. Returns the number of kills.
   */
  private static int crashLoop(ConnectorView kcn, String pod) {
    long killed = -1;
    for (int kill = 1; kill <= 8; kill++) {
      long previous = killed;
      long pid =
          await()
              .atMost(TIMEOUT)
              .pollInterval(Duration.ofMillis(100))
              .ignoreExceptions()
              .until(
                  () -> {
                    Pod now = kcn.pod(pod);
                    return now.getStatus().getContainerStatuses().get(0).getState().getRunning()
                            == null
                        ? -1L
                        : ConnectorView.pid(now);
                  },
                  p -> p > 0 && p != previous);
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      killed = pid;
      // From the fourth kill on, the back-off (8 s, then 16 s) outlasts the operator's reaction.
      if (kill >= 4) {
        try {
          await()
              .atMost(Duration.ofSeconds(6))
              .pollInterval(Duration.ofMillis(200))
              .ignoreExceptions()
              .untilAsserted(
                  () ->
                      assertThat(kcn.taskStates()).as(kcn.summary()).isEqualTo(List.of("FAILED")));
          return kill;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          // Still restarting: kill again.
        }
      }
    }
    throw new AssertionError("task never shown FAILED: " + kcn.summary());
  }

  /**
   * Sets one restart annotation and checks what happened: the annotation is consumed, a Restarted
   * Event names exactly the pods, those pods are new (uid) and Ready again, the others are the same
   * pods without a restart, and (with a flow) lines appended after it arrive. Returns the timings.
   */
  private static String restart(
      Bed bed,
      ConnectorView kcn,
      LineFlow flow,
      String annotation,
      String value,
      Set<String> restarted,
      String... kept) {
    Map<String, Pod> before = new LinkedHashMap<>();
    for (String pod : restarted) {
      before.put(pod, kcn.pod(pod));
    }
    for (String pod : kept) {
      before.put(pod, kcn.pod(pod));
    }
    // A request that matches no pod says so rather than claiming a restart.
    String reason = restarted.isEmpty() ? "NothingToRestart" : "Restarted";
    List<Event> events = kcn.events(reason);
    Instant t0 = Instant.now();
    bed.kubectl()
        .run("-n", NS, "annotate", "kafkaconnector", kcn.name(), annotation + "=" + value)
        .orFail();

    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(kcn.annotations()).doesNotContainKey(annotation));
    Instant consumed = Instant.now();
    // The Event is recorded right after the annotation is removed.
    String message =
        await()
            .atMost(TIMEOUT)
            .ignoreExceptions()
            .until(() -> kcn.newEvent(reason, events), m -> m != null);
    restarted.forEach(pod -> assertThat(message).contains(pod));
    for (String pod : kept) {
      assertThat(message).doesNotContain(pod);
    }

    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              for (String pod : restarted) {
                Pod now = kcn.pod(pod);
                assertThat(now.getMetadata().getUid())
                    .as(pod + " replaced")
                    .isNotEqualTo(before.get(pod).getMetadata().getUid());
                if (flow != null) {
                  assertThat(ConnectorView.ready(now)).as(pod + " ready").isTrue();
                }
              }
            });
    Instant replaced = Instant.now();
    String flowFigures = "";
    if (flow != null) {
      awaitStates(kcn, "RUNNING", List.of("RUNNING"), "Running");
      Instant caughtUp = awaitArrived(flow, flow.appended());
      flowFigures =
          String.format(
              "; every line appended so far arrived %.1f s after it, longest gap between records"
                  + " %.1f s",
              seconds(t0, caughtUp), flow.longestGap(t0, caughtUp).toMillis() / 1000.0);
    }
    for (String pod : kept) {
      Pod now = kcn.pod(pod);
      assertThat(now.getMetadata().getUid())
          .as(pod + " kept")
          .isEqualTo(before.get(pod).getMetadata().getUid());
      assertThat(ConnectorView.restartCount(now))
          .as(pod + " restarts")
          .isEqualTo(ConnectorView.restartCount(before.get(pod)));
    }
    return String.format(
        "annotation consumed after %.1f s (Event: %s), pods %s new after %.1f s%s",
        seconds(t0, consumed), message, restarted, seconds(t0, replaced), flowFigures);
  }

  /** An invalid restart annotation: consumed, a Warning naming the problem, no pod replaced. */
  private static void invalidRestart(
      Bed bed, ConnectorView kcn, String annotation, String value, String expected) {
    Map<String, String> uids = new LinkedHashMap<>();
    kcn.pods().forEach(p -> uids.put(p.getMetadata().getName(), p.getMetadata().getUid()));
    List<Event> warnings = kcn.events("InvalidRestart");
    bed.kubectl()
        .run("-n", NS, "annotate", "kafkaconnector", kcn.name(), annotation + "=" + value)
        .orFail();
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(kcn.annotations()).doesNotContainKey(annotation);
              assertThat(kcn.newEvent("InvalidRestart", warnings))
                  .contains("'" + value + "'")
                  .contains(expected);
            });
    Map<String, String> after = new LinkedHashMap<>();
    kcn.pods()
        .forEach(
            p ->
                after.put(
                    p.getMetadata().getName(),
                    p.getMetadata().getUid()
                        + (p.getMetadata().getDeletionTimestamp() == null ? "" : " (deleting)")));
    assertThat(after).as("pods after an invalid restart").isEqualTo(uids);
  }

  private static void awaitRunningAndFlowing(ConnectorView kcn, LineFlow flow, String state) {
    awaitStates(kcn, state, List.of(state), "Running");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(flow.arrivals()).as("records on the topic").isNotEmpty());
  }

  private static Instant setState(Bed bed, ConnectorView kcn, String state) {
    Instant t0 = Instant.now();
    bed.kubectl()
        .run(
            "-n",
            NS,
            "patch",
            "kafkaconnector",
            kcn.name(),
            "--type",
            "merge",
            "-p",
            "{\"spec\":{\"state\":\"" + state + "\"}}")
        .orFail();
    return t0;
  }

  /** Waits for the connector state, the task states and the Ready condition; returns when. */
  private static Instant awaitStates(
      ConnectorView kcn, String connector, List<String> tasks, String readyReason) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(kcn.connectorState()).as(kcn.summary()).isEqualTo(connector);
              assertThat(kcn.taskStates()).as(kcn.summary()).isEqualTo(tasks);
              assertThat(kcn.condition("Ready"))
                  .as(kcn.summary())
                  .containsEntry("status", "True")
                  .containsEntry("reason", readyReason);
            });
    return Instant.now();
  }

  /** Waits until no record arrived for {@link #QUIET}; returns when the last one arrived. */
  private static Instant awaitQuiet(LineFlow flow) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> Duration.between(flow.lastArrival(), Instant.now()).compareTo(QUIET) >= 0);
    return flow.lastArrival();
  }

  /** Another {@link #QUIET} without a single record, while lines keep being appended. */
  private static void holdQuiet(LineFlow flow, Instant lastRecord) {
    long appended = flow.appended();
    sleep(QUIET);
    assertThat(flow.arrivalsBetween(lastRecord.plusMillis(1), Instant.now()))
        .as("records after the flow had stopped")
        .isEmpty();
    assertThat(flow.appended()).as("lines appended meanwhile").isGreaterThan(appended);
  }

  /** Waits until every line below {@code upTo} arrived; returns when. */
  private static Instant awaitArrived(LineFlow flow, long upTo) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> flow.arrivedUpTo(upTo));
    return Instant.now();
  }

  /**
   * When the pod's runner logged that line (its last occurrence): the runner's own word for when it
   * applied a change, to compare with what the status claimed and when.
   */
  private static Instant loggedAt(Bed bed, String pod, String line) {
    String last =
        bed.kubelet()
            .log(NS, pod, "runner")
            .lines()
            .filter(l -> l.contains(line))
            .reduce((a, b) -> b)
            .orElseThrow(() -> new AssertionError(pod + " never logged '" + line + "'"));
    // Quarkus's default console format starts with the local time, to the millisecond.
    return LocalDateTime.parse(last.substring(0, 23), RUNNER_LOG_TIME)
        .atZone(ZoneId.systemDefault())
        .toInstant();
  }

  private static void assertSamePods(ConnectorView kcn, String connectorUid, String taskUid) {
    Pod connector = kcn.pod(kcn.connectorPod());
    Pod task = kcn.pod(kcn.taskPod(0));
    assertThat(connector.getMetadata().getUid()).as("connector pod").isEqualTo(connectorUid);
    assertThat(task.getMetadata().getUid()).as("task pod").isEqualTo(taskUid);
    assertThat(ConnectorView.restartCount(connector)).as("connector restarts").isZero();
    assertThat(ConnectorView.restartCount(task)).as("task restarts").isZero();
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private static void report(String phase, String format, Object... args) {
    System.out.println("[StateAndRestartE2E] " + phase + ": " + String.format(format, args));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the pods: the machine is shared by the next scenarios. */
  @AfterAll
  static void deleteNamespace() {
    if (bed != null) {
      bed.kubectl().run("delete", "namespace", NS, "--wait=false");
      bed = null;
    }
  }
}
