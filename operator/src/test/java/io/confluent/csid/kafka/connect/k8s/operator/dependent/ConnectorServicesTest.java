package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.connector;
import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.crd.ConnectorPort;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorServicesTest {

  @Test
  void headlessServiceSelectsItsStatefulSetsPods() {
    var connector = connector("files");
    var service = ConnectorServices.headless(connector, Labels.COMPONENT_TASK, "files-tasks", 8080);
    var sts =
        TasksStatefulSet.build(
            connector,
            io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.config(),
            io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.inputs("h", 2));

    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getMetadata().getName()).isEqualTo(sts.getSpec().getServiceName());
    assertThat(sts.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
  }

  @Test
  void tasksServiceOnlyWhenPortsAreAskedFor() {
    var connector = connector("syslog");
    assertThat(ConnectorServices.tasksServiceRequested(connector)).isFalse();

    connector
        .getSpec()
        .setPorts(
            List.of(
                new ConnectorPort("syslog", 5514, "UDP"), new ConnectorPort("http", 8443, null)));
    connector.getSpec().setServiceType("LoadBalancer");
    var service = ConnectorServices.tasks(connector);

    assertThat(ConnectorServices.tasksServiceRequested(connector)).isTrue();
    assertThat(service.getMetadata().getName()).isEqualTo("syslog");
    assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(service.getSpec().getSelector())
        .containsEntry(Labels.COMPONENT, Labels.COMPONENT_TASK);
    assertThat(service.getSpec().getPorts())
        .extracting(
            p ->
                p.getName()
                    + ":"
                    + p.getPort()
                    + "/"
                    + p.getProtocol()
                    + "->"
                    + p.getTargetPort().getStrVal())
        .containsExactly("syslog:5514/UDP->syslog", "http:8443/TCP->http");
  }
}
