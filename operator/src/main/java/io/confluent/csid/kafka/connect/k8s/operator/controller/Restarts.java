package io.confluent.csid.kafka.connect.k8s.operator.controller;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Carries out a {@link RestartRequest}: deletes the pods, then removes the annotations. */
final class Restarts {

  private Restarts() {}

  static void apply(KubernetesClient client, KafkaConnector connector, RestartRequest request) {
    String namespace = connector.getMetadata().getNamespace();
    for (String pod : request.podsToDelete()) {
      // Deleting a pod that is already gone is fine: the restart is then already under way.
      client.pods().inNamespace(namespace).withName(pod).delete();
    }
    // Removed only after the deletes succeeded: if one throws, the next attempt retries it.
    client
        .resources(KafkaConnector.class)
        .inNamespace(namespace)
        .withName(connector.getMetadata().getName())
        .edit(
            current -> {
              request.annotationsToRemove().forEach(current.getMetadata().getAnnotations()::remove);
              return current;
            });
  }
}
