package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The task Service exists only while spec.ports lists ports; removing them deletes it. */
public class TasksServiceRequested implements Condition<Service, KafkaConnector> {

  @Override
  public boolean isMet(
      DependentResource<Service, KafkaConnector> dependentResource,
      KafkaConnector primary,
      Context<KafkaConnector> context) {
    return ConnectorServices.tasksServiceRequested(primary);
  }
}
