package io.confluent.csid.kafka.connect.k8s.runner;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;

/**
 * Exposes the Worker's own metrics (the ones Connect shows over JMX as {@code
 * kafka.connect:type=source-task-metrics,connector=..,task=..}) as Micrometer gauges, so {@code
 * /q/metrics} serves them in Prometheus format: {@code
 * kafka_connect_source_task_metrics_source_record_poll_rate{connector="..",task="0"}}. Connectors
 * and tasks add and remove metrics as they start and stop, so the set is re-synchronised
 * periodically.
 */
public final class ConnectMetricsBridge implements AutoCloseable {

  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(ConnectMetricsBridge.class);

  static final String PREFIX = "kafka.connect.";

  private final MeterRegistry registry;
  private final Metrics metrics;
  private final Map<MetricName, Meter> meters = new HashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "connect-metrics-bridge");
            t.setDaemon(true);
            return t;
          });

  public ConnectMetricsBridge(MeterRegistry registry, Metrics metrics) {
    this.registry = registry;
    this.metrics = metrics;
  }

  public ConnectMetricsBridge start() {
    scheduler.scheduleWithFixedDelay(this::sync, 0, 5, TimeUnit.SECONDS);
    return this;
  }

  synchronized void sync() {
    try {
      syncOnce();
    } catch (RuntimeException | LinkageError e) {
      // A scheduled task that throws is never run again: keep the bridge alive.
      LOG.warn("Cannot export Connect metrics", e);
    }
  }

  private void syncOnce() {
    Set<MetricName> present = new HashSet<>();
    for (Map.Entry<MetricName, KafkaMetric> entry : metrics.metrics().entrySet()) {
      MetricName name = entry.getKey();
      present.add(name);
      if (!meters.containsKey(name) && isNumber(entry.getValue())) {
        KafkaMetric metric = entry.getValue();
        List<Tag> tags = new ArrayList<>();
        name.tags().forEach((k, v) -> tags.add(Tag.of(k, v)));
        meters.put(
            name,
            Gauge.builder(
                    PREFIX + name.group() + "." + name.name(), metric, ConnectMetricsBridge::value)
                .description(name.description())
                .tags(tags)
                .register(registry));
      }
    }
    meters
        .keySet()
        .removeIf(
            name -> {
              if (present.contains(name)) {
                return false;
              }
              registry.remove(meters.get(name));
              return true;
            });
  }

  private Meter register(MetricName name, KafkaMetric metric) {
    List<Tag> tags = new ArrayList<>();
    name.tags().forEach((k, v) -> tags.add(Tag.of(k, v == null ? "" : v)));
    return Gauge.builder(
            PREFIX + name.group() + "." + name.name(), metric, ConnectMetricsBridge::value)
        .description(name.description())
        .tags(tags)
        .register(registry);
  }

  private static boolean isNumber(KafkaMetric metric) {
    try {
      return metric.metricValue() instanceof Number;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A scrape must never fail because one metric cannot be read right now. */
  private static double value(KafkaMetric metric) {
    try {
      Object value = metric.metricValue();
      return value instanceof Number number ? number.doubleValue() : Double.NaN;
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  @Override
  public synchronized void close() {
    scheduler.shutdownNow();
    meters.values().stream().filter(m -> m != null).forEach(registry::remove);
    meters.clear();
  }
}
