package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * Every object the operator makes for a KafkaConnector names that resource as its controller.
 *
 * <p>The SDK's owner reference (fabric8's {@code addOwnerReference(owner)}) leaves {@code
 * controller} and {@code blockOwnerDeletion} unset. The garbage collector still deletes the
 * objects, but nothing can tell which controller manages them ({@code kubectl describe}'s
 * "Controlled By", {@code metav1.GetControllerOf}, GitOps trees), and a foreground deletion of the
 * resource does not wait for them. Found by the end-to-end bed (DeleteRecreateE2E), which checks
 * the references on a real API server. The same reference the StatefulSet controller puts on its
 * pods; the operator's ClusterRole allows it ({@code kafkaconnectors/finalizers}, {@code delete}).
 */
public abstract class ControlledDependentResource<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, KafkaConnector> {

  protected ControlledDependentResource(Class<R> resourceType) {
    super(resourceType);
  }

  /** The reference to {@code owner} as the controller of what it owns. */
  public static OwnerReference controllerReference(KafkaConnector owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** Whether {@code actual} already names {@code owner} as its controller. */
  public static boolean isControlledBy(HasMetadata actual, KafkaConnector owner) {
    return actual.getMetadata().getOwnerReferences() != null
        && actual.getMetadata().getOwnerReferences().stream()
            .anyMatch(
                r ->
                    owner.getMetadata().getUid().equals(r.getUid())
                        && Boolean.TRUE.equals(r.getController()));
  }

  @Override
  protected void addReferenceHandlingMetadata(R desired, KafkaConnector primary) {
    // Ours first: the SDK's own call then finds a reference with this uid and adds nothing.
    desired.addOwnerReference(controllerReference(primary));
    super.addReferenceHandlingMetadata(desired, primary);
  }
}
