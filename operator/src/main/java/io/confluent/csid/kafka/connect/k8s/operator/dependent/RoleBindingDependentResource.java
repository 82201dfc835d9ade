package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** RoleBinding {@code <name>-runner}: binds the Role to the connector's ServiceAccount. */
@KubernetesDependent(
    // Kubernetes 1.20 answers an apply that carries a resourceVersion for a missing object with a
    // 500 (newer versions: 409), so creation by apply must not send one.
    createResourceOnlyIfNotExistingWithSSA = false,
    informer =
        @Informer(
            labelSelector =
                Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + Labels.COMPONENT_RBAC))
public class RoleBindingDependentResource extends ControlledDependentResource<RoleBinding> {

  public RoleBindingDependentResource() {
    super(RoleBinding.class);
  }

  @Override
  protected RoleBinding desired(KafkaConnector primary, Context<KafkaConnector> context) {
    return RbacObjects.roleBinding(primary);
  }
}
