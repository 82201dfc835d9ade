package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Secret {@code <name>-config}: connector.json and logging.json. */
@KubernetesDependent(
    // Kubernetes 1.20 answers an apply that carries a resourceVersion for a missing object with a
    // 500 (newer versions: 409), so creation by apply must not send one.
    createResourceOnlyIfNotExistingWithSSA = false,
    informer =
        @Informer(
            labelSelector =
                Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + Labels.COMPONENT_CONFIG))
public class ConnectorConfigSecretDependentResource extends ControlledDependentResource<Secret> {

  public ConnectorConfigSecretDependentResource() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(KafkaConnector primary, Context<KafkaConnector> context) {
    return ConfigObjects.connectorConfigSecret(primary);
  }
}
