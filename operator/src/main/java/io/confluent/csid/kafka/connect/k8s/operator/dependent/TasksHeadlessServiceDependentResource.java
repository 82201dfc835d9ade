package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.config.OperatorConfig;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import jakarta.inject.Inject;

/** Headless Service {@code <name>-tasks}, the tasks StatefulSet's serviceName. */
@KubernetesDependent(
    // Kubernetes 1.20 answers an apply that carries a resourceVersion for a missing object with a
    // 500 (newer versions: 409), so creation by apply must not send one.
    createResourceOnlyIfNotExistingWithSSA = false,
    informer =
        @Informer(
            labelSelector =
                Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + Labels.COMPONENT_TASK,
            genericFilter = TaskServiceEvents.OfHeadlessService.class))
public class TasksHeadlessServiceDependentResource extends ControlledDependentResource<Service> {

  @Inject OperatorConfig config;

  public TasksHeadlessServiceDependentResource() {
    super(Service.class);
  }

  @Override
  protected Service desired(KafkaConnector primary, Context<KafkaConnector> context) {
    return ConnectorServices.headless(
        primary,
        Labels.COMPONENT_TASK,
        TasksStatefulSet.name(primary.getMetadata().getName()),
        config.runnerHttpPort());
  }
}
