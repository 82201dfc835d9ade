package io.confluent.csid.kafka.connect.k8s.operator.controller;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

@ControllerConfiguration(name = KafkaConnectorReconciler.NAME)
public class KafkaConnectorReconciler implements Reconciler<KafkaConnector> {

  public static final String NAME = "kafkaconnector";

  @Override
  public UpdateControl<KafkaConnector> reconcile(
      KafkaConnector resource, Context<KafkaConnector> context) {
    return UpdateControl.noUpdate();
  }
}
