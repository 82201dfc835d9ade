package io.confluent.csid.kafka.connect.k8s.operator.status;

import io.confluent.csid.kafka.connect.k8s.operator.dependent.ConnectorStatefulSet;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.TasksStatefulSet;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The connector's pods, sorted into the connector pod and task pods by id. */
public record ObservedPods(Optional<Pod> connectorPod, Map<Integer, Pod> taskPods) {

  public static ObservedPods of(String connectorName, Collection<Pod> pods) {
    String connectorPod = ConnectorStatefulSet.name(connectorName) + "-0";
    String taskPrefix = TasksStatefulSet.name(connectorName) + "-";
    Pod connector = null;
    Map<Integer, Pod> tasks = new TreeMap<>();
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      if (name.equals(connectorPod)) {
        connector = pod;
      } else if (name.startsWith(taskPrefix)) {
        String ordinal = name.substring(taskPrefix.length());
        if (ordinal.matches("0|[1-9][0-9]{0,8}")) {
          tasks.put(Integer.parseInt(ordinal), pod);
        }
      }
    }
    return new ObservedPods(Optional.ofNullable(connector), tasks);
  }
}
