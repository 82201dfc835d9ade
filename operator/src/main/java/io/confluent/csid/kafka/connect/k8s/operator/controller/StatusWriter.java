package io.confluent.csid.kafka.connect.k8s.operator.controller;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** Writes the status, and only when it differs from the stored one. */
final class StatusWriter {

  private StatusWriter() {}

  static UpdateControl<KafkaConnector> write(
      Context<KafkaConnector> context,
      KafkaConnector connector,
      KafkaConnectorStatus previous,
      KafkaConnectorStatus status) {
    if (same(previous, status)) {
      return UpdateControl.noUpdate();
    }
    if (context
        .getControllerConfiguration()
        .getConfigurationService()
        .useSSAToPatchPrimaryResource()) {
      return UpdateControl.patchStatus(withStatus(connector, status));
    }
    // Without server-side apply the SDK sends a JSON patch computed from its cached copy, which the
    // server rejects whenever that copy lags behind: diff against the stored object instead.
    context
        .getClient()
        .resources(KafkaConnector.class)
        .inNamespace(connector.getMetadata().getNamespace())
        .withName(connector.getMetadata().getName())
        .editStatus(
            stored -> {
              stored.setStatus(status);
              return stored;
            });
    return UpdateControl.noUpdate();
  }

  static boolean same(KafkaConnectorStatus a, KafkaConnectorStatus b) {
    return a != null && Serialization.asJson(a).equals(Serialization.asJson(b));
  }

  /** A fresh object holding only identity and status: the patch can never touch the spec. */
  static KafkaConnector withStatus(KafkaConnector connector, KafkaConnectorStatus status) {
    KafkaConnector patch = new KafkaConnector();
    patch.getMetadata().setName(connector.getMetadata().getName());
    patch.getMetadata().setNamespace(connector.getMetadata().getNamespace());
    patch.setStatus(status);
    return patch;
  }
}
