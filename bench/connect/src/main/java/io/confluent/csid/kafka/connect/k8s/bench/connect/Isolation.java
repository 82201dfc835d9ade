package io.confluent.csid.kafka.connect.k8s.bench.connect;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Item 2: connector A's throughput in 1-second windows while connector B is created, reconfigured,
 * failed and deleted. A and B are FileStreamSinks fed at a steady rate, so A's steady state is the
 * feed rate and any dip or stall is B's doing (or the machine's).
 *
 * <p>Runner design: A is its own task process; B's life is what the operator does to B's task pods:
 * start one, roll it to a new config (SIGTERM, start), roll it to a config whose task fails (the
 * pod then crash-loops with Kubernetes' 10 s doubling back-off), delete it (SIGTERM). Connect: A
 * and B on one two-worker cluster, B driven through the REST API (each step a rebalance).
 */
final class Isolation {

  private static final int SAMPLE_MS = 50;

  private final BenchEnv env;
  private final BenchOptions options;
  private final PrintStream out;

  Isolation(BenchEnv env, BenchOptions options, PrintStream out) {
    this.env = env;
    this.options = options;
    this.out = out;
  }

  /** What A did during one scenario. */
  record Result(double steady, long minWindow, double minRatio, long longestStallMs) {}

  /** B's four steps, done to whichever design is measured. */
  interface Lifecycle extends AutoCloseable {
    void create(Path file) throws Exception;

    void reconfigure(Path file) throws Exception;

    void fail() throws Exception;

    void delete() throws Exception;

    @Override
    void close();
  }

  void run() throws Exception {
    List<Result> runner = new ArrayList<>();
    List<Result> peer = new ArrayList<>();
    try (PeerCluster cluster =
        PeerCluster.start(
            env, "isolation", 2, env.workerProps("service_load"), options.jvmFlags())) {
      for (int run = 1; run <= options.runs(); run++) {
        String load = ProcStatus.loadAverage();
        runner.add(runnerScenario(run));
        peer.add(peerScenario(cluster, run));
        out.printf(
            "run %d (load before: %s): runner %s | Connect %s%n",
            run, load, runner.get(runner.size() - 1), peer.get(peer.size() - 1));
      }
    }
    out.println();
    out.printf(
        "Isolation: A (FileStreamSink fed at %d records/s of %d bytes) in 1-s windows over %d s"
            + " while B is created, reconfigured, failed, deleted; median of %d runs (load"
            + " average after: %s)%n%n",
        options.rate(),
        options.recordSize(),
        options.isolationSeconds(),
        options.runs(),
        ProcStatus.loadAverage());
    new Table(
            "design",
            "A steady (median window, rec/s)",
            "A minimum 1-s window",
            "minimum / steady",
            "A longest stall (ms)",
            "runs: min/steady | stall ms")
        .row(
            "runner: A and B in their own task processes",
            Rates.median(runner.stream().map(Result::steady).toList()),
            Rates.median(runner.stream().map(r -> (double) r.minWindow()).toList()),
            Rates.median(runner.stream().map(Result::minRatio).toList()),
            Rates.median(runner.stream().map(r -> (double) r.longestStallMs()).toList()),
            describe(runner))
        .row(
            "Connect: A and B on one 2-worker cluster",
            Rates.median(peer.stream().map(Result::steady).toList()),
            Rates.median(peer.stream().map(r -> (double) r.minWindow()).toList()),
            Rates.median(peer.stream().map(Result::minRatio).toList()),
            Rates.median(peer.stream().map(r -> (double) r.longestStallMs()).toList()),
            describe(peer))
        .print(out);
  }

  private static String describe(List<Result> results) {
    return String.join(
        " ",
        results.stream()
            .map(r -> String.format("%.2f/%d", r.minRatio(), r.longestStallMs()))
            .toList());
  }

  private Result runnerScenario(int run) throws Exception {
    String a = "iso-runner-a-" + run;
    String b = "iso-runner-b-" + run;
    Map<String, String> worker = env.workerProps("service_load");
    return scenario(
        a,
        b,
        (file, topic) ->
            RunnerTask.start(
                env, a, Throughput.sinkConfig(file, topic), worker, options.jvmFlags()),
        new RunnerLifecycle(b, worker));
  }

  private Result peerScenario(PeerCluster cluster, int run) throws Exception {
    String a = "iso-peer-a-" + run;
    String b = "iso-peer-b-" + run;
    return scenario(
        a,
        b,
        (file, topic) -> {
          cluster.putConnector(a, Throughput.withName(Throughput.sinkConfig(file, topic), a));
          return () -> cluster.deleteConnector(a);
        },
        new PeerLifecycle(cluster, b));
  }

  @FunctionalInterface
  interface StartA {
    /** Starts A; closing the result stops it. */
    AutoCloseable start(Path file, String topic) throws Exception;
  }

  private Result scenario(String a, String b, StartA startA, Lifecycle lifecycle) throws Exception {
    Topics topics = env.topics();
    topics.create(a);
    topics.create(b);
    Path outDir = env.work().resolve("out");
    Files.createDirectories(outDir);
    SinkFile aFile = new SinkFile(outDir.resolve(a + ".txt"), options.recordSize());
    ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
    KafkaProducer<String, String> producer = topics.producer();
    int perTick = Math.max(1, options.rate() / 100);
    java.util.concurrent.atomic.AtomicLong fed = new java.util.concurrent.atomic.AtomicLong();
    feeder.scheduleAtFixedRate(
        () -> {
          try {
            for (int i = 0; i < perTick; i++) {
              String value = Rates.record((int) fed.get(), options.recordSize());
              producer.send(new ProducerRecord<>(a, value));
              producer.send(new ProducerRecord<>(b, value));
              fed.incrementAndGet();
            }
          } catch (RuntimeException e) {
            // A throwing task would silently end the schedule: say so instead.
            out.println("feeder: " + e);
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    AutoCloseable aConnector = null;
    try (lifecycle) {
      aConnector = startA.start(aFile.path(), a);
      awaitCaughtUp(aFile, fed);
      int seconds = options.isolationSeconds();
      List<long[]> samples = new ArrayList<>();
      Thread sampler =
          new Thread(
              () -> {
                long t0 = System.nanoTime();
                while (!Thread.currentThread().isInterrupted()) {
                  samples.add(new long[] {(System.nanoTime() - t0) / 1_000_000, aFile.lines()});
                  try {
                    Thread.sleep(SAMPLE_MS);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "isolation-sampler");
      long start = System.nanoTime();
      sampler.start();
      Path outB = outDir.resolve(b);
      at(start, seconds / 6);
      lifecycle.create(Path.of(outB + "-1.txt"));
      at(start, 2 * seconds / 6);
      lifecycle.reconfigure(Path.of(outB + "-2.txt"));
      at(start, 3 * seconds / 6);
      lifecycle.fail();
      at(start, 4 * seconds / 6);
      lifecycle.delete();
      at(start, seconds);
      sampler.interrupt();
      sampler.join();
      return analyse(samples, seconds);
    } finally {
      feeder.shutdownNow();
      producer.close();
      if (aConnector != null) {
        aConnector.close();
      }
    }
  }

  /**
   * A runs, has drained what was fed before it started and keeps within a second of its feed for
   * five seconds.
   */
  private void awaitCaughtUp(SinkFile file, java.util.concurrent.atomic.AtomicLong fed)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    int keptUp = 0;
    while (keptUp < 10) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("A did not keep up with its feed: " + file.path());
      }
      long lines = file.lines();
      boolean close = lines >= options.rate() && fed.get() - lines < options.rate();
      keptUp = close ? keptUp + 1 : 0;
      Thread.sleep(500);
    }
  }

  private static void at(long start, int second) throws InterruptedException {
    long wait = start + TimeUnit.SECONDS.toNanos(second) - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** Windows from the samples; a stall is the longest time A's file did not grow. */
  static Result analyse(List<long[]> samples, int seconds) {
    List<Double> windows = new ArrayList<>();
    long min = Long.MAX_VALUE;
    for (int s = 0; s < seconds; s++) {
      long w = linesAt(samples, (s + 1) * 1000L) - linesAt(samples, s * 1000L);
      windows.add((double) w);
      min = Math.min(min, w);
    }
    long stall = 0;
    long lastChange = samples.get(0)[0];
    for (int i = 1; i < samples.size(); i++) {
      long t = samples.get(i)[0];
      if (samples.get(i)[1] != samples.get(i - 1)[1]) {
        // The gap ends at the first sample that sees A's file grow again.
        stall = Math.max(stall, t - lastChange);
        lastChange = t;
      }
    }
    stall = Math.max(stall, samples.get(samples.size() - 1)[0] - lastChange);
    double steady = Rates.median(windows);
    return new Result(steady, min, min / steady, stall);
  }

  /** Lines seen by the last sample at or before {@code millis}. */
  private static long linesAt(List<long[]> samples, long millis) {
    long lines = samples.get(0)[1];
    for (long[] sample : samples) {
      if (sample[0] > millis) {
        break;
      }
      lines = sample[1];
    }
    return lines;
  }

  /** B as task pods the operator creates, rolls and deletes. */
  private final class RunnerLifecycle implements Lifecycle {
    private final String name;
    private final Map<String, String> worker;
    private volatile RunnerTask current;
    private volatile Thread crashLoop;

    RunnerLifecycle(String name, Map<String, String> worker) {
      this.name = name;
      this.worker = worker;
    }

    private RunnerTask start(Path file) {
      return RunnerTask.start(
          env, name, Throughput.sinkConfig(file, name), worker, options.jvmFlags());
    }

    @Override
    public void create(Path file) {
      current = start(file);
    }

    @Override
    public void reconfigure(Path file) {
      current.process().stop(Duration.ofSeconds(30));
      current = start(file);
    }

    @Override
    public void fail() {
      current.process().stop(Duration.ofSeconds(30));
      // The task cannot open its file: it fails, the process exits 1 and Kubernetes restarts it
      // after 10 s, 20 s, 40 s ... (CrashLoopBackOff).
      Path impossible = env.work().resolve("no-such-dir").resolve("b.txt");
      current = start(impossible);
      crashLoop =
          new Thread(
              () -> {
                long backoff = 10_000;
                try {
                  while (!Thread.currentThread().isInterrupted()) {
                    while (current.process().isAlive()) {
                      Thread.sleep(100);
                    }
                    Thread.sleep(backoff);
                    backoff *= 2;
                    current = start(impossible);
                  }
                } catch (InterruptedException e) {
                  // deleted
                }
              },
              "b-crash-loop");
      crashLoop.start();
    }

    @Override
    public void delete() throws InterruptedException {
      if (crashLoop != null) {
        crashLoop.interrupt();
        crashLoop.join();
      }
      current.process().stop(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
      if (crashLoop != null) {
        crashLoop.interrupt();
      }
      if (current != null) {
        current.close();
      }
    }
  }

  /** B on the same Connect cluster as A, through the REST API. */
  private final class PeerLifecycle implements Lifecycle {
    private final PeerCluster cluster;
    private final String name;
    private boolean exists;

    PeerLifecycle(PeerCluster cluster, String name) {
      this.cluster = cluster;
      this.name = name;
    }

    private void put(Path file) {
      cluster.putConnector(name, Throughput.withName(Throughput.sinkConfig(file, name), name));
      exists = true;
    }

    @Override
    public void create(Path file) {
      put(file);
    }

    @Override
    public void reconfigure(Path file) {
      put(file);
    }

    @Override
    public void fail() {
      put(env.work().resolve("no-such-dir").resolve("b.txt"));
    }

    @Override
    public void delete() {
      cluster.deleteConnector(name);
      exists = false;
    }

    @Override
    public void close() {
      if (exists) {
        cluster.deleteConnector(name);
      }
    }
  }
}
