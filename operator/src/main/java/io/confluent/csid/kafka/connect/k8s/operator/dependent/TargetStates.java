package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TargetState;

/** spec.state with its default. */
public final class TargetStates {

  private TargetStates() {}

  public static TargetState of(KafkaConnector connector) {
    TargetState state = connector.getSpec().getState();
    return state == null ? TargetState.RUNNING : state;
  }

  /** The word the runner reads from ConfigMap {@code <name>-state}. */
  public static String wireValue(TargetState state) {
    return state.name().toLowerCase(java.util.Locale.ROOT);
  }
}
