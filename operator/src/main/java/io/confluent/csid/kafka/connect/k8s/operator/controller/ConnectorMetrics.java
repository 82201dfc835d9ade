package io.confluent.csid.kafka.connect.k8s.operator.controller;

import io.confluent.csid.kafka.connect.k8s.operator.crd.InstanceState;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorStatus;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Gauges {@code connect_k8s_connectors{state}} and {@code connect_k8s_tasks{state}}, counted at
 * scrape time from the statuses in the operator's cache: nothing to forget when a resource goes.
 */
@Singleton
public class ConnectorMetrics {

  private final AtomicReference<IndexedResourceCache<KafkaConnector>> cache =
      new AtomicReference<>();

  @Inject
  public ConnectorMetrics(MeterRegistry registry) {
    for (InstanceState state : InstanceState.values()) {
      Gauge.builder(
              "connect.k8s.connectors",
              () ->
                  count(
                      s ->
                          s.getConnector() == null
                              ? Stream.empty()
                              : Stream.of(s.getConnector().getState()),
                      state))
          .description("KafkaConnectors whose connector is in this state")
          .tag("state", state.name())
          .register(registry);
      Gauge.builder(
              "connect.k8s.tasks",
              () -> count(s -> s.getTasks().stream().map(t -> t.getState()), state))
          .description("Tasks of all KafkaConnectors in this state")
          .tag("state", state.name())
          .register(registry);
    }
  }

  /** Called by each reconciliation; the cache is the same object every time. */
  public void observe(IndexedResourceCache<KafkaConnector> primaries) {
    cache.compareAndSet(null, primaries);
  }

  private double count(
      Function<KafkaConnectorStatus, Stream<InstanceState>> states, InstanceState state) {
    IndexedResourceCache<KafkaConnector> primaries = cache.get();
    if (primaries == null) {
      return 0;
    }
    return primaries
        .list()
        .map(KafkaConnector::getStatus)
        .filter(s -> s != null)
        .flatMap(states)
        .filter(state::equals)
        .count();
  }
}
