package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 6: connectors are isolated. Connector A (a FileStreamSource tailing a file a thread
 * appends to at a steady rate) flows while connector B is created, has its processes SIGKILLed, is
 * reconfigured, is given a config its runner refuses (a crash loop) and is deleted. What must hold,
 * and is asserted: A's pods are never restarted or replaced, A's status stays RUNNING throughout,
 * and every line appended for A arrives. What the machine's load decides (A's records per second
 * while B churns) is measured and printed, never asserted: the bed shares two cores with other
 * engineers' builds.
 */
@ExtendWith(Bed.Extension.class)
class ConnectorIsolationE2E {

  private static final String NS = "isolation-e2e";
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final int A_LINES_PER_SECOND = 50;
  private static final Duration STEADY = Duration.ofSeconds(10);

  private static Bed bed;

  private static synchronized void namespace(Bed bed) {
    if (ConnectorIsolationE2E.bed == null) {
      ConnectorIsolationE2E.bed = bed;
      bed.operator();
      ConnectorFixtures.createNamespace(bed, NS);
      ConnectorFixtures.applyWorkerConfig(bed, NS);
    }
  }

  @Test
  void creatingCrashingReconfiguringAndDeletingBNeverInterruptsA(Bed bed) throws Exception {
    namespace(bed);
    KubernetesClient client = bed.client();
    String bootstrap = bed.broker().bootstrapServers();
    ConnectorView a = new ConnectorView(client, NS, "steady-a");
    ConnectorView b = new ConnectorView(client, NS, "churn-b");
    List<String> aDeviations = new CopyOnWriteArrayList<>();
    ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor();
    try (LineFlow flowA =
            LineFlow.start(
                bed.workDir().resolve("isolation-a.txt"),
                A_LINES_PER_SECOND,
                bootstrap,
                "isolation-a",
                "isolation-a-e2e");
        LineFlow flowB =
            LineFlow.start(
                bed.workDir().resolve("isolation-b.txt"),
                20,
                bootstrap,
                "isolation-b",
                "isolation-b-e2e")) {
      ConnectorFixtures.applyFileSource(
          bed, NS, a.name(), "FileStreamSource", flowA.file(), "isolation-a");
      awaitRunning(a);
      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(flowA.arrivals()).isNotEmpty());
      Map<String, String> aUids = uids(a);

      // A's status and pods, sampled every 500 ms from here to the end.
      monitor.scheduleWithFixedDelay(
          () -> watchA(a, aUids, aDeviations), 0, 500, TimeUnit.MILLISECONDS);

      Instant steadyFrom = Instant.now();
      sleep(STEADY);
      Instant churnFrom = Instant.now();
      Map<String, Instant> phases = new LinkedHashMap<>();

      phases.put("B applied", Instant.now());
      ConnectorFixtures.applyFileSource(
          bed, NS, b.name(), "FileStreamSource", flowB.file(), "isolation-b");
      awaitRunning(b);
      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(flowB.arrivals()).isNotEmpty());

      phases.put("B running, its task SIGKILLed", Instant.now());
      sigkillAndAwaitRestart(b, b.taskPod(0));
      phases.put("B task back, its connector SIGKILLed", Instant.now());
      sigkillAndAwaitRestart(b, b.connectorPod());
      awaitRunning(b);

      phases.put("B back, reconfigured (new topic)", Instant.now());
      Map<String, String> bUids = uids(b);
      patchConnectorConfig(bed, b, "{\"topic\":\"isolation-b2\"}");
      await()
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                // The config change rolls B's connector pod, then its task pod.
                for (Map.Entry<String, String> pod : bUids.entrySet()) {
                  assertThat(b.uid(pod.getKey())).as(pod.getKey()).isNotEqualTo(pod.getValue());
                }
              });
      awaitRunning(b);

      // A config its runner refuses: B's connector pod exits 2 again and again (CrashLoopBackOff).
      phases.put("B rolled, given an unknown connector class", Instant.now());
      patchConnectorConfig(bed, b, "{\"connector.class\":\"com.example.DoesNotExist\"}");
      await()
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                assertThat(b.connectorState()).as(b.summary()).isEqualTo("FAILED");
                assertThat(ConnectorView.restartCount(b.pod(b.connectorPod())))
                    .isGreaterThanOrEqualTo(1);
              });

      phases.put("B crash-looping, deleted", Instant.now());
      bed.kubectl().run("-n", NS, "delete", "kafkaconnector", b.name()).orFail();
      await()
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(b.pods()).isEmpty());
      phases.put("B's pods gone", Instant.now());
      Instant churnTo = Instant.now();
      sleep(Duration.ofSeconds(5));

      long total = flowA.stopWriting();
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> flowA.arrivedUpTo(total));
      monitor.shutdown();
      monitor.awaitTermination(10, TimeUnit.SECONDS);

      report(flowA, steadyFrom, churnFrom, churnTo, phases, total);
      assertThat(flowA.missing(total)).as("A's lines lost").isEmpty();
      assertThat(aDeviations).as("A's status or pods while B churned").isEmpty();
      for (Map.Entry<String, String> pod : aUids.entrySet()) {
        Pod now = a.pod(pod.getKey());
        assertThat(now.getMetadata().getUid()).as(pod.getKey()).isEqualTo(pod.getValue());
        assertThat(ConnectorView.restartCount(now)).as(pod.getKey() + " restarts").isZero();
      }
    } finally {
      monitor.shutdownNow();
    }
  }

  /** Records anything about A that is not "the same pods, RUNNING". */
  private static void watchA(ConnectorView a, Map<String, String> uids, List<String> deviations) {
    try {
      String summary = a.summary();
      if (!"RUNNING".equals(a.connectorState()) || !a.taskStates().equals(List.of("RUNNING"))) {
        deviations.add(Instant.now() + " status " + summary);
      }
      for (Map.Entry<String, String> pod : uids.entrySet()) {
        Pod now = a.pod(pod.getKey());
        if (now == null
            || !pod.getValue().equals(now.getMetadata().getUid())
            || ConnectorView.restartCount(now) != 0) {
          deviations.add(
              Instant.now()
                  + " pod "
                  + pod.getKey()
                  + (now == null
                      ? " gone"
                      : " uid "
                          + now.getMetadata().getUid()
                          + " restarts "
                          + ConnectorView.restartCount(now)));
        }
      }
    } catch (RuntimeException e) {
      // A failed read of the API is not a fact about A; the next sample tries again.
    }
  }

  /** SIGKILLs the pod's runner process; waits for the kubelet to restart it and for Ready. */
  private static void sigkillAndAwaitRestart(ConnectorView kcn, String podName) {
    Pod before = kcn.pod(podName);
    int restarts = ConnectorView.restartCount(before);
    long pid = ConnectorView.pid(before);
    ProcessHandle process =
        ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
    assertThat(process.destroyForcibly()).as("SIGKILL " + podName).isTrue();
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Pod now = kcn.pod(podName);
              assertThat(now.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
              assertThat(ConnectorView.restartCount(now)).isGreaterThan(restarts);
              assertThat(ConnectorView.ready(now)).isTrue();
            });
  }

  private static void awaitRunning(ConnectorView kcn) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(kcn.connectorState()).as(kcn.summary()).isEqualTo("RUNNING");
              assertThat(kcn.taskStates()).as(kcn.summary()).isEqualTo(List.of("RUNNING"));
              assertThat(ConnectorView.ready(kcn.pod(kcn.taskPod(0)))).isTrue();
            });
  }

  private static void patchConnectorConfig(Bed bed, ConnectorView kcn, String json) {
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
            "{\"spec\":{\"connectorConfig\":" + json + "}}")
        .orFail();
  }

  private static Map<String, String> uids(ConnectorView kcn) {
    Map<String, String> uids = new LinkedHashMap<>();
    for (String pod : List.of(kcn.connectorPod(), kcn.taskPod(0))) {
      uids.put(pod, kcn.uid(pod));
    }
    return uids;
  }

  /** The figures docs/testing.md quotes. */
  private static void report(
      LineFlow flow,
      Instant steadyFrom,
      Instant churnFrom,
      Instant churnTo,
      Map<String, Instant> phases,
      long total) {
    int[] steady = flow.windows(steadyFrom, churnFrom);
    int[] churn = flow.windows(churnFrom, churnTo);
    double steadyRate = Arrays.stream(steady).average().orElse(0);
    double churnRate = Arrays.stream(churn).average().orElse(0);
    int min = Arrays.stream(churn).min().orElse(0);
    Duration gap = flow.longestGap(churnFrom, churnTo);
    String p = "[ConnectorIsolationE2E] ";
    System.out.println(
        p + "A steady: " + fmt(steadyRate) + " records/s, windows " + Arrays.toString(steady));
    System.out.println(
        p
            + "B's churn, seconds from its start: "
            + phases.entrySet().stream()
                .map(e -> e.getKey() + " +" + Duration.between(churnFrom, e.getValue()).toSeconds())
                .collect(Collectors.joining(", ")));
    System.out.println(p + "A during B's churn, 1-s windows: " + Arrays.toString(churn));
    System.out.println(
        p
            + String.format(
                "A during B's churn (%d s): mean %s records/s (%s of steady), minimum window %d"
                    + " (%s of steady), longest gap between records %.2f s; %d lines appended,"
                    + " all arrived, %s",
                churn.length,
                fmt(churnRate),
                fmt(churnRate / steadyRate),
                min,
                fmt(min / steadyRate),
                gap.toMillis() / 1000.0,
                total,
                flow.duplicateSummary()));
  }

  private static String fmt(double d) {
    return String.format("%.2f", d);
  }

  private static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
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
