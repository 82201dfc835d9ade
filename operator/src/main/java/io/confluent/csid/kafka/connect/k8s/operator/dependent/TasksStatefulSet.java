package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.config.OperatorConfig;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TargetState;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * StatefulSet {@code <name>-tasks}: pod {@code <name>-tasks-N} runs task N. It exists from the
 * start at zero replicas, so nothing ever looks for a missing object while the connector pod has
 * not published task configs yet.
 */
public final class TasksStatefulSet {

  public static final String SUFFIX = "-tasks";

  private TasksStatefulSet() {}

  public static String name(String connector) {
    return connector + SUFFIX;
  }

  public static int replicas(KafkaConnector connector, DesiredInputs inputs) {
    return TargetStates.of(connector) == TargetState.STOPPED ? 0 : inputs.published().count();
  }

  public static StatefulSet build(
      KafkaConnector connector, OperatorConfig config, DesiredInputs inputs) {
    return ConnectorStatefulSet.statefulSet(
        connector,
        config,
        inputs,
        Labels.COMPONENT_TASK,
        name(connector.getMetadata().getName()),
        replicas(connector, inputs));
  }
}
