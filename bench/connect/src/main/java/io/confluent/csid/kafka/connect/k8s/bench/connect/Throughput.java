package io.confluent.csid.kafka.connect.k8s.bench.connect;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Item 1: records/s of one task, the runner's task process against the same connector as a task on
 * a Connect worker, with the raw clients as the ceiling. FileStreamSource over a file of N
 * fixed-size lines; FileStreamSink draining a topic of N such records into a file.
 */
final class Throughput {

  static final String SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
  static final String SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

  private final BenchEnv env;
  private final BenchOptions options;
  private final PrintStream out;

  Throughput(BenchEnv env, BenchOptions options, PrintStream out) {
    this.env = env;
    this.options = options;
    this.out = out;
  }

  void run() throws Exception {
    long n = options.records();
    int size = options.recordSize();
    Path data = dataFile(env, n, size);
    Topics topics = env.topics();
    String sinkInput = "tp-sink-in";
    topics.create(sinkInput);
    topics.produce(sinkInput, n, i -> Rates.record(i, size));

    List<Double> rawProducer = new ArrayList<>();
    List<Double> rawConsumer = new ArrayList<>();
    List<Double> runnerSource = new ArrayList<>();
    List<Double> peerSource = new ArrayList<>();
    List<Double> runnerSink = new ArrayList<>();
    List<Double> peerSink = new ArrayList<>();
    for (int run = 1; run <= options.runs(); run++) {
      String load = ProcStatus.loadAverage();
      String raw = "tp-raw-" + run;
      topics.create(raw);
      rawProducer.add(topics.produce(raw, n, i -> Rates.record(i, size)));
      rawConsumer.add(topics.consume(sinkInput, n));
      // A fresh worker per run, as each runner task is a fresh process: a worker that already ran
      // these tasks has their hot path JIT-compiled, which a new JVM of either kind has not.
      try (PeerCluster peer =
          PeerCluster.start(
              env, "throughput-" + run, 1, env.workerProps("service_load"), options.jvmFlags())) {
        runnerSource.add(runnerSource(run, data));
        peerSource.add(peerSource(peer, run, data));
        runnerSink.add(runnerSink(run, sinkInput));
        peerSink.add(peerSink(peer, run, sinkInput));
      }
      out.printf(
          "run %d (load before: %s): source runner %.0f / peer %.0f rec/s, sink runner %.0f /"
              + " peer %.0f rec/s, raw producer %.0f, raw consumer %.0f%n",
          run,
          load,
          last(runnerSource),
          last(peerSource),
          last(runnerSink),
          last(peerSink),
          last(rawProducer),
          last(rawConsumer));
    }
    out.println();
    out.printf(
        "Throughput per task, %,d records of %d bytes, StringConverter, records/s over the"
            + " second half of each run, median of %d runs"
            + " (load average after: %s)%n%n",
        n, size, options.runs(), ProcStatus.loadAverage());
    new Table(
            "connector",
            "runner task process (rec/s)",
            "Connect worker task (rec/s)",
            "runner / Connect",
            "raw client ceiling (rec/s)",
            "runs: runner | Connect")
        .row(
            "FileStreamSource",
            Rates.median(runnerSource),
            Rates.median(peerSource),
            Rates.median(runnerSource) / Rates.median(peerSource),
            String.format("%,.0f (KafkaProducer)", Rates.median(rawProducer)),
            runs(runnerSource) + " | " + runs(peerSource))
        .row(
            "FileStreamSink",
            Rates.median(runnerSink),
            Rates.median(peerSink),
            Rates.median(runnerSink) / Rates.median(peerSink),
            String.format("%,.0f (KafkaConsumer)", Rates.median(rawConsumer)),
            runs(runnerSink) + " | " + runs(peerSink))
        .print(out);
  }

  private double runnerSource(int run, Path data) throws Exception {
    String name = "tp-src-runner-" + run;
    env.topics().create(name);
    try (RunnerTask task =
        RunnerTask.start(
            env,
            name,
            sourceConfig(data, name),
            env.workerProps("service_load"),
            options.jvmFlags())) {
      awaitTopic(name, task.process());
    }
    return env.topics().appendRate(name, options.records());
  }

  private double peerSource(PeerCluster peer, int run, Path data) throws Exception {
    String name = "tp-src-peer-" + run;
    env.topics().create(name);
    peer.putConnector(name, withName(sourceConfig(data, name), name));
    awaitTopic(name, peer.process());
    peer.deleteConnector(name);
    return env.topics().appendRate(name, options.records());
  }

  private double runnerSink(int run, String topic) throws Exception {
    String name = "tp-sink-runner-" + run;
    SinkFile file =
        new SinkFile(env.work().resolve("out").resolve(name + ".txt"), options.recordSize());
    Files.createDirectories(file.path().getParent());
    try (RunnerTask task =
        RunnerTask.start(
            env,
            name,
            sinkConfig(file.path(), topic),
            env.workerProps("service_load"),
            options.jvmFlags())) {
      return file.awaitRate(options.records(), RUN_TIMEOUT, task.process());
    }
  }

  private double peerSink(PeerCluster peer, int run, String topic) throws Exception {
    String name = "tp-sink-peer-" + run;
    SinkFile file =
        new SinkFile(env.work().resolve("out").resolve(name + ".txt"), options.recordSize());
    Files.createDirectories(file.path().getParent());
    peer.putConnector(name, withName(sinkConfig(file.path(), topic), name));
    double rate = file.awaitRate(options.records(), RUN_TIMEOUT, peer.process());
    peer.deleteConnector(name);
    return rate;
  }

  private void awaitTopic(String topic, JvmProcess watched) throws InterruptedException {
    if (!env.topics().awaitEndOffset(topic, options.records(), RUN_TIMEOUT, watched)) {
      throw new IllegalStateException(topic + " did not receive " + options.records() + " records");
    }
  }

  static Map<String, String> sourceConfig(Path file, String topic) {
    return Map.of(
        "connector.class", SOURCE, "tasks.max", "1", "file", file.toString(), "topic", topic);
  }

  static Map<String, String> sinkConfig(Path file, String topic) {
    return Map.of(
        "connector.class", SINK, "tasks.max", "1", "file", file.toString(), "topics", topic);
  }

  static Map<String, String> withName(Map<String, String> config, String name) {
    Map<String, String> named = new java.util.TreeMap<>(config);
    named.put("name", name);
    return named;
  }

  /** N fixed-size lines, written once per benchmark directory. */
  static Path dataFile(BenchEnv env, long n, int size) {
    Path file = env.work().resolve("data").resolve("records-" + n + "x" + size + ".txt");
    if (Files.exists(file)) {
      return file;
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp)) {
        for (int i = 0; i < n; i++) {
          w.write(Rates.record(i, size));
          w.write('\n');
        }
      }
      Files.move(tmp, file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }

  static String runs(List<Double> values) {
    return String.join(" ", values.stream().map(v -> String.format("%.0f", v)).toList());
  }
}
