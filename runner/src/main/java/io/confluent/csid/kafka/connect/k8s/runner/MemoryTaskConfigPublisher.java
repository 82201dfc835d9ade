package io.confluent.csid.kafka.connect.k8s.runner;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Local mode has no Kubernetes: task configs go straight to whoever runs the tasks. */
public final class MemoryTaskConfigPublisher implements TaskConfigPublisher {

  private final Consumer<List<Map<String, String>>> onPublish;
  private volatile List<Map<String, String>> latest = List.of();

  public MemoryTaskConfigPublisher(Consumer<List<Map<String, String>>> onPublish) {
    this.onPublish = onPublish;
  }

  @Override
  public void publish(List<Map<String, String>> taskConfigs) {
    latest = List.copyOf(taskConfigs);
    onPublish.accept(latest);
  }

  public List<Map<String, String>> latest() {
    return latest;
  }
}
