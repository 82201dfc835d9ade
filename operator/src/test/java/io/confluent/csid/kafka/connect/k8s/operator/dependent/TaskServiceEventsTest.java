package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

class TaskServiceEventsTest {

  private static Service service(String name, String instance) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app.kubernetes.io/instance", instance)
        .addToLabels("app.kubernetes.io/component", "task")
        .endMetadata()
        .build();
  }

  @Test
  void eachTaskServiceInformerPassesOnlyItsOwnServiceOfTheConnector() {
    Service headless = service("orders-tasks", "orders");
    Service ports = service("orders", "orders");

    assertThat(new TaskServiceEvents.OfHeadlessService().accept(headless)).isTrue();
    assertThat(new TaskServiceEvents.OfHeadlessService().accept(ports)).isFalse();
    assertThat(new TaskServiceEvents.OfTasksService().accept(ports)).isTrue();
    assertThat(new TaskServiceEvents.OfTasksService().accept(headless)).isFalse();
  }

  @Test
  void aConnectorNamedLikeAnotherOnesHeadlessServiceKeepsItsOwn() {
    // KafkaConnector "orders-tasks": its ports Service is named like the headless one of "orders".
    Service portsOfOrdersTasks = service("orders-tasks", "orders-tasks");

    assertThat(new TaskServiceEvents.OfTasksService().accept(portsOfOrdersTasks)).isTrue();
    assertThat(new TaskServiceEvents.OfHeadlessService().accept(portsOfOrdersTasks)).isFalse();
  }

  @Test
  void aServiceWithoutOurInstanceLabelIsIgnored() {
    Service unlabelled = new ServiceBuilder().withNewMetadata().withName("x").endMetadata().build();
    assertThat(new TaskServiceEvents.OfTasksService().accept(unlabelled)).isFalse();
  }
}
