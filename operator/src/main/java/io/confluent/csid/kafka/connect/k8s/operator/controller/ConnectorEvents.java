package io.confluent.csid.kafka.connect.k8s.operator.controller;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.status.TransitionEvents;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Records core/v1 Events against a KafkaConnector, as `kubectl describe` shows them. */
@ApplicationScoped
public class ConnectorEvents {

  private static final Logger LOG = Logger.getLogger(ConnectorEvents.class);
  static final String SOURCE = "connect-k8s-operator";

  public void record(
      KubernetesClient client, KafkaConnector connector, List<TransitionEvents.Event> events) {
    for (TransitionEvents.Event event : events) {
      String now = Instant.now().toString();
      var object =
          new EventBuilder()
              .withNewMetadata()
              .withName(
                  connector.getMetadata().getName()
                      + "."
                      + UUID.randomUUID().toString().substring(0, 13))
              .withNamespace(connector.getMetadata().getNamespace())
              .endMetadata()
              .withNewInvolvedObject()
              .withApiVersion(connector.getApiVersion())
              .withKind(connector.getKind())
              .withName(connector.getMetadata().getName())
              .withNamespace(connector.getMetadata().getNamespace())
              .withUid(connector.getMetadata().getUid())
              .endInvolvedObject()
              .withType(event.type())
              .withReason(event.reason())
              .withMessage(event.message())
              .withFirstTimestamp(now)
              .withLastTimestamp(now)
              .withCount(1)
              .withNewSource()
              .withComponent(SOURCE)
              .endSource()
              .build();
      try {
        client
            .v1()
            .events()
            .inNamespace(connector.getMetadata().getNamespace())
            .resource(object)
            .create();
      } catch (KubernetesClientException e) {
        // An Event is a courtesy: failing to record one must not fail the reconciliation.
        LOG.warnf(
            "Could not record event %s for %s: %s",
            event.reason(), connector.getMetadata().getName(), e.getMessage());
      }
    }
  }
}
