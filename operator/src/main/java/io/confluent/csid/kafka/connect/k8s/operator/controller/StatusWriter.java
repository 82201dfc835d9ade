package io.confluent.csid.kafka.connect.k8s.operator.controller;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import org.jboss.logging.Logger;

/** Writes the status, and only when it differs from the stored one. */
final class StatusWriter {

  private static final Logger LOG = Logger.getLogger(StatusWriter.class);

  private StatusWriter() {}

  static UpdateControl<KafkaConnector> write(
      Context<KafkaConnector> context,
      KafkaConnector connector,
      KafkaConnectorStatus previous,
      KafkaConnectorStatus status) {
    if (same(previous, status)) {
      return UpdateControl.noUpdate();
    }
    if (usesServerSideApply(context)) {
      return UpdateControl.patchStatus(withStatus(connector, status));
    }
    replace(context, connector, status);
    return UpdateControl.noUpdate();
  }

  /** The same for the Error condition of a failed reconciliation; the SDK retries either way. */
  static ErrorStatusUpdateControl<KafkaConnector> writeError(
      Context<KafkaConnector> context,
      KafkaConnector connector,
      KafkaConnectorStatus previous,
      KafkaConnectorStatus status) {
    if (same(previous, status)) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    if (usesServerSideApply(context)) {
      return ErrorStatusUpdateControl.patchStatus(withStatus(connector, status));
    }
    try {
      replace(context, connector, status);
    } catch (KubernetesClientException e) {
      // The retry that follows a failed reconciliation writes the status again.
      LOG.debugf(
          "Could not record the error of %s: %s",
          connector.getMetadata().getName(), e.getMessage());
    }
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  private static boolean usesServerSideApply(Context<KafkaConnector> context) {
    return context
        .getControllerConfiguration()
        .getConfigurationService()
        .useSSAToPatchPrimaryResource();
  }

  /**
   * Without server-side apply the SDK sends a JSON patch computed from its cached copy; when that
   * copy lags behind, the server applies it to other content (422s, "null" values). Replacing the
   * status of the stored object instead makes a concurrent write a 409 and a retry, never a mix.
   */
  private static void replace(
      Context<KafkaConnector> context, KafkaConnector connector, KafkaConnectorStatus status) {
    KafkaConnector stored =
        context
            .getClient()
            .resources(KafkaConnector.class)
            .inNamespace(connector.getMetadata().getNamespace())
            .withName(connector.getMetadata().getName())
            .get();
    if (stored != null && !same(stored.getStatus(), status)) {
      stored.setStatus(status);
      context.getClient().resource(stored).updateStatus();
    }
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
