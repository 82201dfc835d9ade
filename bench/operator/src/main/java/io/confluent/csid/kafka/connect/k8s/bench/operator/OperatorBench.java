package io.confluent.csid.kafka.connect.k8s.bench.operator;

import io.confluent.csid.kafka.connect.k8s.e2e.ControlPlane;
import io.confluent.csid.kafka.connect.k8s.e2e.Kubectl;
import io.confluent.csid.kafka.connect.k8s.e2e.Repo;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The operator under load on a real control plane: N KafkaConnectors created at once, then all
 * updated (one config value each), then all deleted, each phase timed until every connector's
 * objects exist and match (or are gone), with the operator's memory, CPU and reconciliations.
 *
 * <p>Usage: {@code OperatorBench [count] [KEY=VALUE ...]}; the KEY=VALUE pairs go into the
 * operator's environment (e.g. {@code QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS=5}).
 * No kubelet runs: pods stay Pending, so the status reports them as not ready, which is what the
 * bench expects.
 */
public final class OperatorBench {

  static final Duration QUIET = Duration.ofSeconds(10);

  /** Seconds between two samples of the reconciliation rate while converging. */
  private static final int SAMPLE_SECONDS = 5;

  /**
   * Reconciliations executed, from JOSDK's per-controller timer: unlike the per-resource counters
   * ({@code operator_sdk_reconciliations_started_total{name=...}}), it survives the deletion of the
   * resources, whose counters JOSDK removes.
   */
  static final String RECONCILE_COUNT =
      "operator_sdk_controllers_execution_reconcile_seconds_count";

  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration MAX_SETTLE = Duration.ofMinutes(3);
  private static final String OPERATOR_NAMESPACE = "connect-k8s";
  private static final String NAMESPACE = "bench";

  /** Client threads issuing the requests of a phase: "at once" within one client's limits. */
  private static final int REQUEST_THREADS = 16;

  private final KubernetesClient client;
  private final OperatorUnderTest operator;
  private final Convergence convergence;
  private final RssSampler rss;
  private final ExecutorService requests =
      Executors.newFixedThreadPool(
          REQUEST_THREADS,
          r -> {
            Thread t = new Thread(r, "bench-request");
            t.setDaemon(true);
            return t;
          });

  private OperatorBench(
      KubernetesClient client,
      OperatorUnderTest operator,
      Convergence convergence,
      RssSampler rss) {
    this.client = client;
    this.operator = operator;
    this.convergence = convergence;
    this.rss = rss;
  }

  public static void main(String[] args) throws Exception {
    int count = 200;
    Map<String, String> env = new LinkedHashMap<>();
    boolean delete = true;
    for (String arg : args) {
      if (arg.equals("--no-delete")) {
        delete = false;
      } else if (arg.contains("=")) {
        env.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else {
        count = Integer.parseInt(arg);
      }
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    Path work =
        Repo.root()
            .resolve("bench/operator/target/bench-work")
            .resolve(
                "run-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now()));
    Files.createDirectories(work);
    System.out.println("connect-k8s operator bench: " + count + " KafkaConnectors");
    System.out.println("machine: " + ProcStats.machine());
    System.out.println("load average at start: " + ProcStats.loadAverage());
    System.out.println("operator env: " + (env.isEmpty() ? "(defaults)" : env));
    System.out.println(
        "operator jar: " + System.getProperty("bench.operator.jar", Repo.operatorJar().toString()));
    System.out.println("work dir (control plane and operator logs): " + work);

    try (ControlPlane cp = ControlPlane.start(work.resolve("control-plane"))) {
      System.out.println("control plane ready in " + cp.startupTime().toMillis() + " ms");
      prepare(cp);
      try (Convergence convergence = new Convergence(cp.client(), NAMESPACE);
          OperatorUnderTest operator =
              OperatorUnderTest.start(cp, OPERATOR_NAMESPACE, work.resolve("operator"), env);
          RssSampler rss = new RssSampler(operator.pid())) {
        new OperatorBench(cp.client(), operator, convergence, rss).run(count, delete);
      }
    }
  }

  /** The CRD, the operator's namespace, the connectors' namespace and their worker Secret. */
  private static void prepare(ControlPlane cp) {
    Kubectl kubectl = new Kubectl(cp);
    Path crd = Repo.root().resolve("deploy/crds/kafkaconnectors.io.confluent.csid-v1.yml");
    kubectl.run("apply", "-f", crd.toString()).orFail();
    kubectl
        .run(
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            "crd/kafkaconnectors.io.confluent.csid")
        .orFail();
    for (String ns : List.of(OPERATOR_NAMESPACE, NAMESPACE)) {
      cp.client()
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    // No broker: pods never run here, the Secret only has to exist and be hashed.
    cp.client()
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(ConnectorObjects.WORKER_SECRET)
                .endMetadata()
                .addToStringData("worker.properties", "bootstrap.servers=127.0.0.1:9\n")
                .build())
        .create();
  }

  private void run(int count, boolean delete) throws Exception {
    Thread.sleep(QUIET.toMillis());
    long idleRss = ProcStats.rssKib(operator.pid());
    System.out.printf(
        "operator pid %d idle (0 connectors): RSS %d MiB, CPU %.1f s since start; %s%n",
        operator.pid(), idleRss / 1024, ProcStats.cpuSeconds(operator.pid()), operator.jvm());

    Set<String> names = new LinkedHashSet<>();
    IntStream.range(0, count).forEach(i -> names.add(ConnectorObjects.name(i)));

    List<PhaseResult> results = new ArrayList<>();
    results.add(
        phase(
            "create",
            names,
            Goals.converged(1, null),
            name ->
                client
                    .genericKubernetesResources(ConnectorObjects.KAFKA_CONNECTORS)
                    .inNamespace(NAMESPACE)
                    .resource(ConnectorObjects.connector(NAMESPACE, name))
                    .create()));
    long pods =
        names.stream().filter(n -> convergence.podSeenAt(n + "-connector-0") != null).count();
    System.out.println(
        "  connector pods created by the StatefulSet controller: " + pods + "/" + count);

    Map<String, String> hashes = new ConcurrentHashMap<>();
    for (String name : names) {
      StatefulSet sts = convergence.statefulSet(name + "-connector");
      hashes.put(name, Goals.configHash(sts));
    }
    results.add(
        phase(
            "update",
            names,
            Goals.converged(2, hashes),
            name ->
                client
                    .genericKubernetesResources(ConnectorObjects.KAFKA_CONNECTORS)
                    .inNamespace(NAMESPACE)
                    .withName(name)
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        ConnectorObjects.topicPatch(name, 2))));
    measureScrapeCost();
    if (delete) {
      results.add(
          phase(
              "delete",
              names,
              Goals.gone(),
              name ->
                  client
                      .genericKubernetesResources(ConnectorObjects.KAFKA_CONNECTORS)
                      .inNamespace(NAMESPACE)
                      .withName(name)
                      .delete()));
    }

    System.out.println();
    System.out.println(
        "== summary (" + count + " KafkaConnectors, machine " + ProcStats.machine() + ")");
    System.out.printf(
        "operator RSS idle %d MiB, VmHWM (peak of the whole run) %d MiB%n",
        idleRss / 1024, ProcStats.peakRssKib(operator.pid()) / 1024);
    System.out.println(
        "| phase | requests | all converged | per CR p50 / p95 / max | quiet after |"
            + " reconciliations (per CR) | rate mean / peak | operator CPU | RSS before / peak / after"
            + " | load before → after |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (PhaseResult r : results) {
      System.out.printf(
          "| %s | %.1f s | %.1f s | %.1f / %.1f / %.1f s | %.1f s | %.0f (%.2f) | %.1f / %s /s | %.1f s"
              + " | %d / %d / %d MiB | %s → %s |%n",
          r.name(),
          r.requestsSeconds(),
          r.convergedSeconds(),
          r.latencies().p50() / 1000.0,
          r.latencies().p95() / 1000.0,
          r.latencies().max() / 1000.0,
          r.settledSeconds(),
          r.reconciled(),
          r.reconciled() / r.connectors(),
          r.meanRate(),
          r.peakRateText(),
          r.cpuSeconds(),
          r.rssBeforeKib() / 1024,
          r.rssPeakKib() / 1024,
          r.rssAfterKib() / 1024,
          r.loadBefore(),
          r.loadAfter());
    }
    requests.shutdownNow();
  }

  /**
   * The bench's own share of the operator's CPU: it scrapes /q/metrics once a second, and JOSDK's
   * per-resource meters make each scrape grow with the number of connectors.
   */
  private void measureScrapeCost() {
    double cpu = ProcStats.cpuSeconds(operator.pid());
    long t0 = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      operator.sdkCounters();
    }
    System.out.printf(
        "  one /q/metrics scrape: %.0f ms operator CPU, %.0f ms wall (mean of 10)%n",
        (ProcStats.cpuSeconds(operator.pid()) - cpu) * 100, seconds(System.nanoTime() - t0) * 100);
  }

  /**
   * Sends one request per connector from {@link #REQUEST_THREADS} threads, then waits until every
   * connector reached {@code goal} and the operator went quiet.
   */
  private PhaseResult phase(
      String title, Set<String> names, Convergence.Goal goal, Consumer<String> request)
      throws Exception {
    String loadBefore = ProcStats.loadAverage();
    Map<String, Double> before = operator.sdkCounters();
    double cpuBefore = ProcStats.cpuSeconds(operator.pid());
    long rssBefore = ProcStats.rssKib(operator.pid());
    rss.reset();

    Convergence.Phase phase = convergence.begin(names, goal);
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    long t0 = System.nanoTime();
    List<Future<?>> sent = new ArrayList<>();
    for (String name : names) {
      sent.add(
          requests.submit(
              () -> {
                sentAt.put(name, System.nanoTime());
                request.accept(name);
              }));
    }
    for (Future<?> f : sent) {
      f.get();
    }
    double requestsSeconds = seconds(System.nanoTime() - t0);

    double peakRate = 0;
    int scrapes = 0;
    double lastStarted = reconciled(before);
    long lastSample = t0;
    long deadline = t0 + PHASE_TIMEOUT.toNanos();
    int ticks = 0;
    while (!phase.done()) {
      Thread.sleep(1000);
      phase.sweep();
      long now = System.nanoTime();
      // A scrape costs the operator tens of ms of CPU at 200 connectors (JOSDK's per-resource
      // meters): sample the rate every SAMPLE seconds only, and count the scrapes.
      if (++ticks % SAMPLE_SECONDS == 0) {
        double startedNow = reconciled(operator.sdkCounters());
        scrapes++;
        peakRate = Math.max(peakRate, (startedNow - lastStarted) / seconds(now - lastSample));
        lastStarted = startedNow;
        lastSample = now;
      }
      if (!operator.isAlive()) {
        throw new IllegalStateException("the operator died; log " + operator.log());
      }
      if (now > deadline) {
        throw new IllegalStateException(
            title
                + ": "
                + phase.missing().size()
                + " connectors never converged within "
                + PHASE_TIMEOUT
                + ", e.g. "
                + phase.missing().subList(0, Math.min(5, phase.missing().size())));
      }
    }
    if (scrapes == 0) {
      peakRate = Double.NaN; // converged before the first sample
    }
    long lastReached =
        phase.reachedAt().values().stream().mapToLong(Long::longValue).max().orElse(t0);
    double startedAtConverged = reconciled(operator.sdkCounters()) - reconciled(before);

    // Quiet: no reconciliation started for QUIET (pods the StatefulSet controller creates or
    // deletes trigger some after the objects converged).
    long quietSince = System.nanoTime();
    long settleDeadline = quietSince + MAX_SETTLE.toNanos();
    double seen = reconciled(operator.sdkCounters());
    long lastChange = System.nanoTime();
    while (System.nanoTime() - lastChange < QUIET.toNanos() && System.nanoTime() < settleDeadline) {
      Thread.sleep(2000);
      double now = reconciled(operator.sdkCounters());
      scrapes++;
      if (now != seen) {
        seen = now;
        lastChange = System.nanoTime();
      }
    }
    boolean quiet = System.nanoTime() - lastChange >= QUIET.toNanos();
    double settledSeconds = seconds(lastChange - t0);
    Map<String, Double> after = operator.sdkCounters();

    List<Long> latencies = new ArrayList<>();
    phase.reachedAt().forEach((name, at) -> latencies.add((at - sentAt.get(name)) / 1_000_000));
    PhaseResult result =
        new PhaseResult(
            title,
            names.size(),
            requestsSeconds,
            seconds(lastReached - t0),
            settledSeconds,
            Latencies.of(latencies),
            deltas(before, after),
            startedAtConverged,
            peakRate,
            ProcStats.cpuSeconds(operator.pid()) - cpuBefore,
            rssBefore,
            rss.peakKib(),
            ProcStats.rssKib(operator.pid()),
            loadBefore,
            ProcStats.loadAverage());
    System.out.println(result.report());
    System.out.println(
        "  bench's /q/metrics scrapes    " + (scrapes + 3) + " within the CPU figure");
    System.out.println("  operator JVM after            " + operator.jvm());
    if (!quiet) {
      System.out.println("  (not quiet after " + MAX_SETTLE + ": reconciliations kept starting)");
    }
    return result;
  }

  private static double reconciled(Map<String, Double> counters) {
    return counters.getOrDefault(RECONCILE_COUNT, 0.0);
  }

  /** Increments of every JOSDK counter and timer count, by name without the common prefix. */
  static Map<String, Double> deltas(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> deltas = new LinkedHashMap<>();
    after.forEach(
        (name, value) -> {
          if (name.endsWith("_total") || name.endsWith("_count") || name.endsWith("_sum")) {
            deltas.put(
                name.substring("operator_sdk_".length()), value - before.getOrDefault(name, 0.0));
          }
        });
    return deltas;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
