package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** ServiceAccount {@code <name>-runner}, the identity of every pod of the connector. */
@KubernetesDependent(
    // Kubernetes 1.20 answers an apply that carries a resourceVersion for a missing object with a
    // 500 (newer versions: 409), so creation by apply must not send one.
    createResourceOnlyIfNotExistingWithSSA = false,
    informer =
        @Informer(
            labelSelector =
                Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + Labels.COMPONENT_RBAC,
            onUpdateFilter = SpecOrMetadataChanged.class))
public class ServiceAccountDependentResource extends ControlledDependentResource<ServiceAccount> {

  public ServiceAccountDependentResource() {
    super(ServiceAccount.class);
  }

  @Override
  protected ServiceAccount desired(KafkaConnector primary, Context<KafkaConnector> context) {
    return RbacObjects.serviceAccount(primary);
  }

  /**
   * Only our labels and the controller reference matter: the token controller of older clusters
   * adds {@code secrets} to every account, which must not look like drift to undo.
   */
  @Override
  public Matcher.Result<ServiceAccount> match(
      ServiceAccount actual, KafkaConnector primary, Context<KafkaConnector> context) {
    ServiceAccount desired = desired(primary, context);
    var labels = actual.getMetadata().getLabels();
    boolean matched =
        labels != null
            && labels.entrySet().containsAll(desired.getMetadata().getLabels().entrySet())
            && isControlledBy(actual, primary);
    return Matcher.Result.computed(matched, desired);
  }
}
