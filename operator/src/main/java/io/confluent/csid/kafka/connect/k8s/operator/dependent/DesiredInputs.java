package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.contract.RunnerContract;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.Optional;

/**
 * Everything besides the resource and the operator config that the desired objects depend on, read
 * once from the informer caches. Keeping these lookups here is what lets every builder stay a pure
 * function of plain values.
 *
 * @param configHash hash of connector config + worker config: what the connector pod runs with
 * @param loggingHash hash of logging.json
 * @param published task configs published for {@code configHash}
 * @param workerConfigFound whether the worker Secret and its key exist
 */
public record DesiredInputs(
    String configHash,
    String loggingHash,
    PublishedTaskConfigs published,
    boolean workerConfigFound) {

  /**
   * The event source holding the users' worker Secrets, values replaced by digests (see
   * controller/DigestOnlySecretStore): the worker config enters the hash through its digest.
   */
  public static final String WORKER_SECRETS = "worker-secrets";

  public static DesiredInputs from(KafkaConnector connector, Context<KafkaConnector> context) {
    String name = connector.getMetadata().getName();
    String workerSecretName = connector.getSpec().getWorkerConfigSecret().getName();
    String workerKey = connector.getSpec().getWorkerConfigSecret().keyOrDefault();
    Optional<String> workerConfig =
        context
            .getSecondaryResource(Secret.class, WORKER_SECRETS)
            .filter(secret -> workerSecretName.equals(secret.getMetadata().getName()))
            .map(Secret::getData)
            .map(data -> data.get(workerKey));
    String connectorJson = ConnectorFiles.connectorJson(connector.getSpec());
    String configHash =
        workerConfig
            .map(value -> ConfigHashes.configHash(connectorJson, value))
            // While the worker Secret is unreadable keep what the pods run with: a Secret deleted
            // by mistake must not roll healthy pods into pods that cannot start.
            .or(() -> currentConfigHash(context, ConnectorStatefulSet.name(name)))
            .orElse(ConfigHashes.MISSING);
    PublishedTaskConfigs published =
        PublishedTaskConfigs.of(
            named(context, Secret.class, RunnerContract.tasksSecretName(name)).orElse(null),
            configHash);
    return new DesiredInputs(
        configHash,
        ConfigHashes.loggingHash(ConnectorFiles.loggingJson(connector.getSpec())),
        published,
        workerConfig.isPresent());
  }

  /** The secondary of that type and name, whichever event source holds it. */
  public static <T extends HasMetadata> Optional<T> named(
      Context<KafkaConnector> context, Class<T> type, String name) {
    return context
        .getSecondaryResourcesAsStream(type)
        .filter(resource -> name.equals(resource.getMetadata().getName()))
        .findFirst();
  }

  private static Optional<String> currentConfigHash(
      Context<KafkaConnector> context, String statefulSetName) {
    return named(context, StatefulSet.class, statefulSetName)
        .map(sts -> sts.getSpec().getTemplate().getMetadata().getAnnotations())
        .map((Map<String, String> annotations) -> annotations.get(PodTemplates.CONFIG_HASH))
        .filter(hash -> !ConfigHashes.MISSING.equals(hash));
  }
}
