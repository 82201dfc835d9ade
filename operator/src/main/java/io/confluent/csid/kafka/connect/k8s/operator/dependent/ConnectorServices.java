package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.crd.ConnectorPort;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;

/** The Services: one headless per StatefulSet, and one in front of listening task pods. */
public final class ConnectorServices {

  private ConnectorServices() {}

  /** Headless Service {@code <name>-connector} or {@code <name>-tasks}: stable pod DNS names. */
  public static Service headless(
      KafkaConnector connector, String component, String name, int port) {
    String connectorName = connector.getMetadata().getName();
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(connector.getMetadata().getNamespace())
        .withLabels(Labels.forComponent(connector, component))
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        // Pods are addressable while starting, so a failing pod can still be inspected.
        .withPublishNotReadyAddresses(true)
        .withSelector(Labels.selector(connectorName, component))
        .withPorts(servicePort(PodTemplates.HTTP_PORT_NAME, port, ConnectorPort.TCP))
        .endSpec()
        .build();
  }

  /** Whether the resource asks for a Service in front of its task pods. */
  public static boolean tasksServiceRequested(KafkaConnector connector) {
    return !connector.getSpec().getPorts().isEmpty();
  }

  /** Service {@code <name>}: one address spreading connections over every ready task pod. */
  public static Service tasks(KafkaConnector connector) {
    String connectorName = connector.getMetadata().getName();
    List<ServicePort> ports =
        connector.getSpec().getPorts().stream()
            .map(p -> servicePort(p.getName(), p.getPort(), p.protocolOrDefault()))
            .toList();
    String type = connector.getSpec().getServiceType();
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(connectorName)
        .withNamespace(connector.getMetadata().getNamespace())
        .withLabels(Labels.forComponent(connector, Labels.COMPONENT_TASK))
        .endMetadata()
        .withNewSpec()
        .withType(type == null ? "ClusterIP" : type)
        .withSelector(Labels.selector(connectorName, Labels.COMPONENT_TASK))
        .withPorts(ports)
        .endSpec()
        .build();
  }

  private static ServicePort servicePort(String name, int port, String protocol) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withTargetPort(new IntOrString(name))
        .withProtocol(protocol)
        .build();
  }
}
