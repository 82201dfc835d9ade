package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The founding document's resource, verbatim, through every builder. */
class FoundingExampleTest {

  static final Path EXAMPLE = Path.of("..", "deploy", "examples", "founding-example.yaml");

  @Test
  void foundingExampleBecomesPodsThatCarryItsLabelsImagesAndPlugins() throws IOException {
    // The file also holds the worker Secret: take the KafkaConnector document.
    String document =
        java.util.Arrays.stream(Files.readString(EXAMPLE).split("(?m)^---$"))
            .filter(d -> d.contains("kind: KafkaConnector"))
            .findFirst()
            .orElseThrow();
    KafkaConnector connector = Serialization.unmarshal(document, KafkaConnector.class);
    var inputs = new DesiredInputs("h", "l", new PublishedTaskConfigs(3, "t"), true);
    var connectorSts = ConnectorStatefulSet.build(connector, config(), inputs);
    var tasksSts = TasksStatefulSet.build(connector, config(), inputs);

    assertThat(tasksSts.getMetadata().getName()).isEqualTo("test-tasks");
    assertThat(tasksSts.getMetadata().getNamespace()).isEqualTo("kafka-connect-poc");
    assertThat(tasksSts.getSpec().getReplicas()).isEqualTo(3);
    for (var sts : List.of(connectorSts, tasksSts)) {
      var pod = sts.getSpec().getTemplate();
      assertThat(pod.getMetadata().getLabels())
          .containsEntry("project", "something")
          .containsEntry("cost-center", "boring");
      assertThat(pod.getSpec().getContainers().get(0).getImage())
          .isEqualTo("jcustenborder/connect-k8s-runner:0.1-SNAPSHOT");
      assertThat(pod.getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
      assertThat(pod.getSpec().getInitContainers().get(0).getArgs())
          .containsExactly("plugins", "confluentinc/kafka-connect-datagen:0.5.3");
    }
    assertThat(
            connectorSts
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getRequests())
        .containsEntry("memory", new Quantity("512M"));
    assertThat(
            ConfigObjectsTest.decode(
                ConfigObjects.connectorConfigSecret(connector), "logging.json"))
        .isEqualTo("{\"loggerLevels\":{\"io.confluent.csid.kafka.connect.k8s.common\":\"TRACE\"}}");
    assertThat(RbacObjects.role(connector).getRules().get(0).getResourceNames())
        .containsExactly("test-tasks");
  }
}
