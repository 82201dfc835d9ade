package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TargetState;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * Secret {@code <name>-tasks}. The operator creates it empty and afterwards leaves its content to
 * the connector pod, with one exception: a stopped connector's published configs are removed, so
 * that resuming starts from a fresh publication (KIP-875's STOPPED semantics).
 */
@KubernetesDependent(
    // Kubernetes 1.20 answers an apply that carries a resourceVersion for a missing object with a
    // 500 (newer versions: 409), so creation by apply must not send one.
    createResourceOnlyIfNotExistingWithSSA = false,
    informer =
        @Informer(
            labelSelector =
                Labels.MANAGED_SELECTOR
                    + ","
                    + Labels.COMPONENT
                    + "="
                    + Labels.COMPONENT_TASK_CONFIGS))
public class TaskConfigsSecretDependentResource extends ControlledDependentResource<Secret> {

  public TaskConfigsSecretDependentResource() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(KafkaConnector primary, Context<KafkaConnector> context) {
    return ConfigObjects.emptyTasksSecret(primary);
  }

  /** Whether the published configs must go: only while stopped, and only if there are any. */
  public static boolean mustClear(KafkaConnector primary, Secret actual) {
    return TargetStates.of(primary) == TargetState.STOPPED
        && actual.getData() != null
        && !actual.getData().isEmpty();
  }

  @Override
  public Matcher.Result<Secret> match(
      Secret actual, KafkaConnector primary, Context<KafkaConnector> context) {
    return Matcher.Result.nonComputed(!mustClear(primary, actual));
  }

  /**
   * A plain update of the current object (not an apply of the empty desired one): it keeps the
   * connector pod's resourceVersion check, so a concurrent publication is not silently lost.
   */
  @Override
  public Secret update(
      Secret actual, Secret desired, KafkaConnector primary, Context<KafkaConnector> context) {
    Secret cleared = context.getClient().resource(actual).get();
    if (cleared == null || !mustClear(primary, cleared)) {
      return actual;
    }
    cleared.setData(Map.of());
    if (cleared.getMetadata().getAnnotations() != null) {
      cleared.getMetadata().getAnnotations().remove(PodTemplates.CONFIG_HASH);
    }
    return context.getClient().resource(cleared).update();
  }
}
