package io.confluent.csid.kafka.connect.k8s.bench.connect;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Item 3: from process start to the task RUNNING and to its first record in Kafka, and resident
 * memory after warm-up (the task has moved every record of the file), for one runner task process
 * and for one Connect worker process hosting the same task, and what each start-up lever gains.
 *
 * <p>"Task RUNNING" is when Connect's own log line for it appears, on both sides (see {@link
 * LogWatch}). The Connect worker is started empty and the connector is created through REST as soon
 * as the REST server answers, the fastest a new worker can get a task; its REST-ready time is
 * printed too.
 */
final class Startup {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  /** What Connect's WorkerTask logs right before it reports the task RUNNING. */
  private static final String RUNNING_LINE = "finished initialization and start";

  private final BenchEnv env;
  private final BenchOptions options;
  private final PrintStream out;

  Startup(BenchEnv env, BenchOptions options, PrintStream out) {
    this.env = env;
    this.options = options;
    this.out = out;
  }

  /** One measured start. */
  record Sample(long restMs, long runningMs, long firstRecordMs, double rssMiB, double hwmMiB) {}

  /** A way of starting one side: the JVM flags and the plugin discovery mode. */
  record Variant(String name, boolean runner, String discovery, List<String> flags) {}

  void run() throws Exception {
    long n = Math.min(options.records(), 100_000);
    Path data = Throughput.dataFile(env, n, options.recordSize());
    Path cds = env.work().resolve("cds");
    Files.createDirectories(cds);
    List<String> base = options.jvmFlags();
    List<String> lean = List.of("-Xmx256m", "-XX:+UseSerialGC");
    Path runnerJsa = cds.resolve("runner.jsa");
    Path peerJsa = cds.resolve("peer.jsa");
    List<Variant> variants =
        List.of(
            new Variant("runner, baseline (service_load)", true, "service_load", base),
            new Variant("runner, plugin.discovery=hybrid_warn", true, "hybrid_warn", base),
            new Variant("runner, -Xmx256m -XX:+UseSerialGC", true, "service_load", lean),
            new Variant(
                "runner, -XX:TieredStopAtLevel=1",
                true,
                "service_load",
                plus(base, "-XX:TieredStopAtLevel=1")),
            new Variant(
                "runner, AppCDS archive",
                true,
                "service_load",
                plus(base, "-XX:SharedArchiveFile=" + runnerJsa)),
            new Variant("Connect worker, baseline (service_load)", false, "service_load", base),
            new Variant(
                "Connect worker, hybrid_warn (Connect's default)", false, "hybrid_warn", base),
            new Variant(
                "Connect worker, AppCDS archive",
                false,
                "service_load",
                plus(base, "-XX:SharedArchiveFile=" + peerJsa)));

    // Training runs: a clean exit (SIGTERM, exit 0) writes the dynamic archive.
    out.println("training AppCDS archives (one run per side, not measured)");
    measure(
        new Variant(
            "train", true, "service_load", plus(base, "-XX:ArchiveClassesAtExit=" + runnerJsa)),
        "st-train-runner",
        data,
        n);
    measure(
        new Variant(
            "train", false, "service_load", plus(base, "-XX:ArchiveClassesAtExit=" + peerJsa)),
        "st-train-peer",
        data,
        n);

    Table table =
        new Table(
            "variant",
            "JVM flags",
            "REST up (ms)",
            "task RUNNING (ms)",
            "first record (ms)",
            "RSS after warm-up (MiB)",
            "peak RSS (MiB)",
            "runs: RUNNING / first record");
    List<List<Sample>> all = new ArrayList<>();
    for (Variant v : variants) {
      all.add(new ArrayList<>());
    }
    // Round-robin, so a burst of load on the machine hits every variant alike.
    for (int run = 1; run <= options.runs(); run++) {
      for (int i = 0; i < variants.size(); i++) {
        Variant v = variants.get(i);
        Sample s = measure(v, "st-" + i + "-" + run, data, n);
        all.get(i).add(s);
        out.printf("run %d %s: %s (load %s)%n", run, v.name(), s, ProcStatus.loadAverage());
      }
    }
    for (int i = 0; i < variants.size(); i++) {
      Variant v = variants.get(i);
      List<Sample> s = all.get(i);
      table.row(
          v.name() + " [" + v.discovery() + "]",
          String.join(" ", v.flags()).replace(env.work().toString(), "…"),
          v.runner() ? "-" : Rates.median(s.stream().map(x -> (double) x.restMs()).toList()),
          Rates.median(s.stream().map(x -> (double) x.runningMs()).toList()),
          Rates.median(s.stream().map(x -> (double) x.firstRecordMs()).toList()),
          Rates.median(s.stream().map(Sample::rssMiB).toList()),
          Rates.median(s.stream().map(Sample::hwmMiB).toList()),
          String.join(" ", s.stream().map(x -> x.runningMs() + "/" + x.firstRecordMs()).toList()));
    }
    out.println();
    out.printf(
        "Start-up and footprint: FileStreamSource task over %,d records of %d bytes; times from"
            + " fork to the event; RSS = VmRSS 5 s after the last record; median of %d runs"
            + " (load average after: %s)%n%n",
        n, options.recordSize(), options.runs(), ProcStatus.loadAverage());
    table.print(out);
  }

  private Sample measure(Variant v, String name, Path data, long n) throws Exception {
    Topics topics = env.topics();
    topics.create(name);
    Map<String, String> config = Throughput.sourceConfig(data, name);
    Map<String, String> worker = env.workerProps(v.discovery());
    if (v.runner()) {
      try (RunnerTask task = RunnerTask.start(env, name, config, worker, v.flags())) {
        long running = LogWatch.await(task.process(), TIMEOUT, RUNNING_LINE, "{id=" + name + "-0}");
        return finish(task.process(), 0, running, name, n);
      }
    }
    try (PeerCluster peer = PeerCluster.start(env, name, 1, worker, v.flags())) {
      peer.putConnector(name, Throughput.withName(config, name));
      long running = LogWatch.await(peer.process(), TIMEOUT, RUNNING_LINE, "{id=" + name + "-0}");
      return finish(peer.process(), peer.restReadyMillis(), running, name, n);
    }
  }

  private Sample finish(JvmProcess p, long rest, long running, String topic, long n)
      throws Exception {
    if (!env.topics().awaitEndOffset(topic, n, TIMEOUT, p)) {
      throw new IllegalStateException(topic + " did not get " + n + " records");
    }
    long first = env.topics().appendTime(topic, 0) - p.startedAtMillis();
    Thread.sleep(5000);
    double rss = p.rssMiB();
    double hwm = ProcStatus.kib(p.pid(), "VmHWM") / 1024.0;
    // The clean stop a pod gets; it also writes a training run's CDS archive.
    p.stop(Duration.ofSeconds(60));
    return new Sample(rest, running, first, rss, hwm);
  }

  private static List<String> plus(List<String> flags, String flag) {
    List<String> all = new ArrayList<>(flags);
    all.add(flag);
    return all;
  }
}
