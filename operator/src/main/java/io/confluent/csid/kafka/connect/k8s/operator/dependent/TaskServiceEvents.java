package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.processing.event.source.filter.GenericFilter;
import java.util.Map;

/**
 * The two Services of a connector's task pods carry the same labels, so each one's informer also
 * sees the other: without these filters creating the headless Service {@code <name>-tasks} looked,
 * to the informer of Service {@code <name>}, like a change made by someone else, and reconciled the
 * connector once more for nothing (bench/run-operator.sh, operator DEBUG log). Each informer now
 * passes on events of its own Service only; both caches still hold both.
 */
public abstract class TaskServiceEvents implements GenericFilter<Service> {

  private final String suffix;

  TaskServiceEvents(String suffix) {
    this.suffix = suffix;
  }

  @Override
  public boolean accept(Service service) {
    Map<String, String> labels = service.getMetadata().getLabels();
    String instance = labels == null ? null : labels.get(Labels.INSTANCE);
    return instance != null && service.getMetadata().getName().equals(instance + suffix);
  }

  /** Events of Service {@code <name>} (spec.ports) only. */
  public static class OfTasksService extends TaskServiceEvents {
    public OfTasksService() {
      super("");
    }
  }

  /** Events of headless Service {@code <name>-tasks} only. */
  public static class OfHeadlessService extends TaskServiceEvents {
    public OfHeadlessService() {
      super(TasksStatefulSet.SUFFIX);
    }
  }
}
