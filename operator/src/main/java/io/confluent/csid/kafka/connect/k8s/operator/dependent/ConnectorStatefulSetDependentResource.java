package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.config.OperatorConfig;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import jakarta.inject.Inject;

/** StatefulSet {@code <name>-connector}. */
@KubernetesDependent(
    // Kubernetes 1.20 answers an apply that carries a resourceVersion for a missing object with a
    // 500 (newer versions: 409), so creation by apply must not send one.
    createResourceOnlyIfNotExistingWithSSA = false,
    informer =
        @Informer(
            labelSelector =
                Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + Labels.COMPONENT_CONNECTOR,
            onUpdateFilter = SpecOrMetadataChanged.class))
public class ConnectorStatefulSetDependentResource
    extends ControlledDependentResource<StatefulSet> {

  @Inject OperatorConfig config;

  public ConnectorStatefulSetDependentResource() {
    super(StatefulSet.class);
  }

  @Override
  protected StatefulSet desired(KafkaConnector primary, Context<KafkaConnector> context) {
    return ConnectorStatefulSet.build(primary, config, DesiredInputs.from(primary, context));
  }
}
