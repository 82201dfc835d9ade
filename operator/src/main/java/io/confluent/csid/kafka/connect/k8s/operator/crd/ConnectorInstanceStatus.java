package io.confluent.csid.kafka.connect.k8s.operator.crd;

/** The connector pod's state. */
public class ConnectorInstanceStatus extends InstanceStatus {}
