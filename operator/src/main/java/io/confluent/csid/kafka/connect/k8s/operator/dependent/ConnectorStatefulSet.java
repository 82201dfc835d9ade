package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.config.OperatorConfig;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TargetState;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

/** StatefulSet {@code <name>-connector}: the one pod that runs the connector. */
public final class ConnectorStatefulSet {

  public static final String SUFFIX = "-connector";

  private ConnectorStatefulSet() {}

  public static String name(String connector) {
    return connector + SUFFIX;
  }

  public static StatefulSet build(
      KafkaConnector connector, OperatorConfig config, DesiredInputs inputs) {
    return statefulSet(
        connector,
        config,
        inputs,
        Labels.COMPONENT_CONNECTOR,
        name(connector.getMetadata().getName()),
        TargetStates.of(connector) == TargetState.STOPPED ? 0 : 1);
  }

  /** Shared by both StatefulSets; they differ only in component, name and replicas. */
  static StatefulSet statefulSet(
      KafkaConnector connector,
      OperatorConfig config,
      DesiredInputs inputs,
      String component,
      String name,
      int replicas) {
    String connectorName = connector.getMetadata().getName();
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(connector.getMetadata().getNamespace())
        .withLabels(Labels.forComponent(connector, component))
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        // Pods of one connector are independent: start and stop them all at once.
        .withPodManagementPolicy("Parallel")
        .withServiceName(name)
        .withNewSelector()
        .withMatchLabels(Labels.selector(connectorName, component))
        .endSelector()
        .withTemplate(PodTemplates.build(connector, config, inputs, component))
        .endSpec()
        .build();
  }
}
