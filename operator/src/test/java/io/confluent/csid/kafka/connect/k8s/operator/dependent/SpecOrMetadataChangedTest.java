package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorStatus;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecOrMetadataChangedTest {

  private final SpecOrMetadataChanged<StatefulSet> statefulSets = new SpecOrMetadataChanged<>();
  private final SpecOrMetadataChanged<ServiceAccount> accounts = new SpecOrMetadataChanged<>();

  private static StatefulSet sts() {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("orders-connector")
        .withGeneration(1L)
        .withResourceVersion("10")
        .addToLabels("app.kubernetes.io/instance", "orders")
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .endSpec()
        .build();
  }

  @Test
  void aStatusWriteOfTheStatefulSetControllerTriggersNothing() {
    StatefulSet newer =
        new StatefulSetBuilder(sts())
            .editMetadata()
            .withResourceVersion("11")
            .endMetadata()
            .withNewStatus()
            .withReplicas(1)
            .withObservedGeneration(1L)
            .withCurrentRevision("orders-connector-5d8f")
            .endStatus()
            .build();
    assertThat(statefulSets.accept(newer, sts())).isFalse();
  }

  @Test
  void aSpecEditByAnyoneTriggersAReconciliation() {
    StatefulSet newer =
        new StatefulSetBuilder(sts())
            .editMetadata()
            .withGeneration(2L)
            .endMetadata()
            .editSpec()
            .withReplicas(3)
            .endSpec()
            .build();
    assertThat(statefulSets.accept(newer, sts())).isTrue();
  }

  @Test
  void labelAnnotationAndDeletionChangesTriggerAReconciliation() {
    StatefulSet relabelled =
        new StatefulSetBuilder(sts()).editMetadata().addToLabels("team", "x").endMetadata().build();
    StatefulSet annotated =
        new StatefulSetBuilder(sts())
            .editMetadata()
            .addToAnnotations("note", "x")
            .endMetadata()
            .build();
    StatefulSet deleting =
        new StatefulSetBuilder(sts())
            .editMetadata()
            .withDeletionTimestamp("2026-11-24T07:00:00Z")
            .endMetadata()
            .build();
    assertThat(statefulSets.accept(relabelled, sts())).isTrue();
    assertThat(statefulSets.accept(annotated, sts())).isTrue();
    assertThat(statefulSets.accept(deleting, sts())).isTrue();
  }

  @Test
  void theOperatorsOwnStatusWriteTriggersNothingButARestartRequestDoes() {
    SpecOrMetadataChanged<KafkaConnector> connectors = new SpecOrMetadataChanged<>();
    KafkaConnector stored = new KafkaConnector();
    stored.getMetadata().setName("orders");
    stored.getMetadata().setGeneration(3L);
    KafkaConnector withStatus = Serialization.clone(stored);
    KafkaConnectorStatus status = new KafkaConnectorStatus();
    status.setObservedGeneration(3L);
    withStatus.setStatus(status);
    KafkaConnector restartRequested = Serialization.clone(stored);
    restartRequested.getMetadata().setAnnotations(Map.of("connect-k8s.io/restart", "true"));

    assertThat(connectors.accept(withStatus, stored)).isFalse();
    assertThat(connectors.accept(restartRequested, stored)).isTrue();
  }

  @Test
  void theTokenSecretAddedToAServiceAccountTriggersNothing() {
    ServiceAccount created =
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName("orders-runner")
            .addToLabels("app.kubernetes.io/instance", "orders")
            .endMetadata()
            .build();
    ServiceAccount withToken =
        new ServiceAccountBuilder(created)
            .addToSecrets(new ObjectReferenceBuilder().withName("orders-runner-token-x").build())
            .build();
    assertThat(accounts.accept(withToken, created)).isFalse();
  }
}
