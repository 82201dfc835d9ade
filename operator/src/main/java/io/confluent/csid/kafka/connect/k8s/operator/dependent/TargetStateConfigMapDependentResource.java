package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** ConfigMap {@code <name>-state}: the target state the pods follow. */
@KubernetesDependent(
    // Kubernetes 1.20 answers an apply that carries a resourceVersion for a missing object with a
    // 500 (newer versions: 409), so creation by apply must not send one.
    createResourceOnlyIfNotExistingWithSSA = false,
    informer =
        @Informer(
            labelSelector =
                Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + Labels.COMPONENT_STATE))
public class TargetStateConfigMapDependentResource extends ControlledDependentResource<ConfigMap> {

  public TargetStateConfigMapDependentResource() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(KafkaConnector primary, Context<KafkaConnector> context) {
    return ConfigObjects.stateConfigMap(primary);
  }
}
