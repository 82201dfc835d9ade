package io.confluent.csid.kafka.connect.k8s.operator.controller;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.DesiredInputs;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Watches on objects the workflow does not own, but whose changes must trigger a reconcile. */
final class SecondaryEventSources {

  static final String PODS = "pods";
  static final String WORKER_SECRETS = DesiredInputs.WORKER_SECRETS;
  private static final String WORKER_SECRET_INDEX = "worker-secret";

  private SecondaryEventSources() {}

  /** The connector's pods (owned by its StatefulSets, so mapped back by instance label). */
  static InformerEventSource<Pod, KafkaConnector> pods(EventSourceContext<KafkaConnector> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Pod.class, KafkaConnector.class)
            .withName(PODS)
            .withLabelSelector(Labels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(
                pod -> {
                  var labels = pod.getMetadata().getLabels();
                  String instance = labels == null ? null : labels.get(Labels.INSTANCE);
                  return instance == null
                      ? Set.of()
                      : Set.of(new ResourceID(instance, pod.getMetadata().getNamespace()));
                })
            .build(),
        context);
  }

  /**
   * The user's worker-config Secrets, found through an index of which KafkaConnectors name them, so
   * that editing one rolls exactly the connectors using it. The content is only ever hashed.
   */
  static InformerEventSource<Secret, KafkaConnector> workerSecrets(
      EventSourceContext<KafkaConnector> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            WORKER_SECRET_INDEX,
            connector ->
                List.of(key(connector.getMetadata().getNamespace(), workerSecretName(connector))));
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, KafkaConnector.class)
            .withName(WORKER_SECRETS)
            .withItemStore(new DigestOnlySecretStore())
            .withSecondaryToPrimaryMapper(
                secret ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            WORKER_SECRET_INDEX,
                            key(
                                secret.getMetadata().getNamespace(),
                                secret.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(
                (KafkaConnector connector) ->
                    Set.of(
                        new ResourceID(
                            workerSecretName(connector), connector.getMetadata().getNamespace())))
            .build(),
        context);
  }

  private static String workerSecretName(KafkaConnector connector) {
    var spec = connector.getSpec();
    return spec == null || spec.getWorkerConfigSecret() == null
        ? ""
        : spec.getWorkerConfigSecret().getName();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
