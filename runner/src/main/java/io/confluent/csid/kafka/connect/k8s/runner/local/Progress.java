package io.confluent.csid.kafka.connect.k8s.runner.local;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;

/**
 * Prints what local mode is doing from Connect's own task metrics: records per second and in total
 * per task, and how many offset commits happened.
 */
public final class Progress implements AutoCloseable {

  private final Metrics metrics;
  private final String connector;
  private final PrintStream out;
  private final LongConsumer onTotal;
  private final java.util.function.Supplier<String> committedOffsets;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "local-progress");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param onTotal called with the records processed so far by all tasks, after each report
   */
  public Progress(
      Metrics metrics,
      String connector,
      PrintStream out,
      LongConsumer onTotal,
      java.util.function.Supplier<String> committedOffsets) {
    this.committedOffsets = committedOffsets;
    this.metrics = metrics;
    this.connector = connector;
    this.out = out;
    this.onTotal = onTotal;
  }

  public Progress start(long periodMillis) {
    scheduler.scheduleAtFixedRate(this::report, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Per task: records/s, records total, offset commits; keyed by task id. */
  Map<String, double[]> snapshot() {
    Map<String, double[]> tasks = new TreeMap<>();
    for (Map.Entry<MetricName, KafkaMetric> entry : metrics.metrics().entrySet()) {
      MetricName name = entry.getKey();
      String task = name.tags().get("task");
      if (task == null || !connector.equals(name.tags().get("connector"))) {
        continue;
      }
      Object value = entry.getValue().metricValue();
      if (!(value instanceof Number number)) {
        continue;
      }
      double[] row = tasks.computeIfAbsent(task, t -> new double[3]);
      switch (name.name()) {
        case "source-record-write-rate", "sink-record-read-rate" -> row[0] = number.doubleValue();
        case "source-record-write-total", "sink-record-read-total" -> row[1] = number.doubleValue();
        case "offset-commit-completion-total" -> row[2] = number.doubleValue();
        default -> {}
      }
    }
    return tasks;
  }

  void report() {
    Map<String, double[]> tasks = snapshot();
    long total = 0;
    for (Map.Entry<String, double[]> task : tasks.entrySet()) {
      double[] row = task.getValue();
      total += (long) row[1];
      out.printf(
          "[%s] task %s: %.1f records/s, %d records%s%n",
          connector,
          task.getKey(),
          Double.isNaN(row[0]) ? 0.0 : row[0],
          (long) row[1],
          row[2] > 0 ? ", " + (long) row[2] + " offset commits" : "");
    }
    out.printf("[%s] committed offsets: %s%n", connector, committedOffsets.get());
    onTotal.accept(total);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
