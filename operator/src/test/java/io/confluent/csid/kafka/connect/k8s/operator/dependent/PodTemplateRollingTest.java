package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.config;
import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.connector;
import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.crd.ConnectorConfig;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which change rolls which pods: the pod templates must change exactly when they should. */
class PodTemplateRollingTest {

  private static final String WORKER = "Ym9vdHN0cmFwLnNlcnZlcnM9azo5MDky";

  @Test
  void connectorConfigChangeRollsConnectorAndTasks() {
    KafkaConnector before = connector("files");
    KafkaConnector after = connector("files");
    Map<String, String> changed = new HashMap<>(after.getSpec().getConnectorConfig().toMap());
    changed.put("topic", "other");
    after.getSpec().setConnectorConfig(ConnectorConfig.of(changed));

    assertThat(connectorPod(after, WORKER, 2)).isNotEqualTo(connectorPod(before, WORKER, 2));
    assertThat(taskPod(after, WORKER, 2)).isNotEqualTo(taskPod(before, WORKER, 2));
  }

  @Test
  void workerConfigChangeRollsConnectorAndTasks() {
    KafkaConnector connector = connector("files");
    assertThat(connectorPod(connector, "b3RoZXI=", 2))
        .isNotEqualTo(connectorPod(connector, WORKER, 2));
    assertThat(taskPod(connector, "b3RoZXI=", 2)).isNotEqualTo(taskPod(connector, WORKER, 2));
  }

  @Test
  void publishedTaskConfigsChangeRollsOnlyTasks() {
    KafkaConnector connector = connector("files");
    var first =
        new DesiredInputs(hash(connector, WORKER), "l", new PublishedTaskConfigs(2, "a"), true);
    var second =
        new DesiredInputs(hash(connector, WORKER), "l", new PublishedTaskConfigs(2, "b"), true);

    assertThat(PodTemplates.build(connector, config(), second, "connector"))
        .isEqualTo(PodTemplates.build(connector, config(), first, "connector"));
    assertThat(PodTemplates.build(connector, config(), second, "task"))
        .isNotEqualTo(PodTemplates.build(connector, config(), first, "task"));
  }

  @Test
  void anotherConnectorsChangeDoesNotTouchThisOne() {
    KafkaConnector mine = connector("mine");
    KafkaConnector other = connector("other");
    PodTemplateSpec before = connectorPod(mine, WORKER, 1);
    Map<String, String> changed = new HashMap<>(other.getSpec().getConnectorConfig().toMap());
    changed.put("topic", "x");
    other.getSpec().setConnectorConfig(ConnectorConfig.of(changed));
    assertThat(connectorPod(mine, WORKER, 1)).isEqualTo(before);
  }

  @Test
  void sameSpecGivesTheSameTemplate() {
    assertThat(taskPod(connector("files"), WORKER, 3))
        .isEqualTo(taskPod(connector("files"), WORKER, 3));
  }

  private static String hash(KafkaConnector connector, String worker) {
    return ConfigHashes.configHash(ConnectorFiles.connectorJson(connector.getSpec()), worker);
  }

  private static DesiredInputs inputs(KafkaConnector connector, String worker, int tasks) {
    return new DesiredInputs(
        hash(connector, worker), "l", new PublishedTaskConfigs(tasks, "t"), true);
  }

  private static PodTemplateSpec connectorPod(KafkaConnector connector, String worker, int tasks) {
    return PodTemplates.build(connector, config(), inputs(connector, worker, tasks), "connector");
  }

  private static PodTemplateSpec taskPod(KafkaConnector connector, String worker, int tasks) {
    return PodTemplates.build(connector, config(), inputs(connector, worker, tasks), "task");
  }
}
