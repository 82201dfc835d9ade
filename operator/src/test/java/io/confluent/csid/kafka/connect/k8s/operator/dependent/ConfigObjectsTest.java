package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.connector;
import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.crd.LogLevel;
import io.confluent.csid.kafka.connect.k8s.operator.crd.LoggingConfig;
import io.confluent.csid.kafka.connect.k8s.operator.crd.TargetState;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigObjectsTest {

  @Test
  void configSecretHoldsSortedConnectorJsonAndLoggingJson() {
    var connector = connector("files");
    LoggingConfig logging = new LoggingConfig();
    logging.setDefaultLoggerLevel(LogLevel.WARN);
    logging.setLoggerLevels(Map.of("org.example", LogLevel.DEBUG));
    connector.getSpec().setLoggingConfig(logging);

    Secret secret = ConfigObjects.connectorConfigSecret(connector);

    assertThat(secret.getMetadata().getName()).isEqualTo("files-config");
    assertThat(secret.getStringData()).isNullOrEmpty();
    assertThat(decode(secret, "connector.json"))
        .isEqualTo(
            "{\"connector.class\":\"FileStreamSource\",\"file\":\"/tmp/in.txt\","
                + "\"tasks.max\":\"3\",\"topic\":\"lines\"}");
    assertThat(decode(secret, "logging.json"))
        .isEqualTo(
            "{\"defaultLoggerLevel\":\"WARN\",\"loggerLevels\":{\"org.example\":\"DEBUG\"}}");
  }

  @Test
  void loggingJsonIsAnEmptyObjectWithoutLoggingConfig() {
    assertThat(decode(ConfigObjects.connectorConfigSecret(connector("files")), "logging.json"))
        .isEqualTo("{}");
  }

  @Test
  void everyObjectCarriesTheResourceLabelsAndTheStandardOnes() {
    var connector = connector("files");
    for (var object :
        java.util.List.of(
            ConfigObjects.connectorConfigSecret(connector),
            ConfigObjects.emptyTasksSecret(connector),
            ConfigObjects.stateConfigMap(connector))) {
      assertThat(object.getMetadata().getLabels())
          .containsEntry("project", "billing")
          .containsEntry("cost-center", "42")
          .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
          .containsEntry(Labels.INSTANCE, "files")
          .containsKeys(Labels.NAME, Labels.COMPONENT, Labels.PART_OF);
    }
  }

  @Test
  void ownLabelsWinOverAResourceLabelOfTheSameKey() {
    var connector = connector("files");
    connector.getMetadata().getLabels().put(Labels.MANAGED_BY, "someone-else");
    assertThat(ConfigObjects.stateConfigMap(connector).getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
  }

  @Test
  void tasksSecretIsCreatedEmpty() {
    Secret secret = ConfigObjects.emptyTasksSecret(connector("files"));
    assertThat(secret.getMetadata().getName()).isEqualTo("files-tasks");
    assertThat(secret.getData()).isNullOrEmpty();
  }

  @Test
  void stateConfigMapFollowsSpecStateDefaultingToRunning() {
    var connector = connector("files");
    assertThat(ConfigObjects.stateConfigMap(connector).getData())
        .isEqualTo(Map.of("state", "running"));
    connector.getSpec().setState(TargetState.PAUSED);
    assertThat(ConfigObjects.stateConfigMap(connector).getData())
        .isEqualTo(Map.of("state", "paused"));
    connector.getSpec().setState(TargetState.STOPPED);
    assertThat(ConfigObjects.stateConfigMap(connector).getMetadata().getName())
        .isEqualTo("files-state");
    assertThat(ConfigObjects.stateConfigMap(connector).getData())
        .isEqualTo(Map.of("state", "stopped"));
  }

  @Test
  void stoppedConnectorsPublishedConfigsMustBeCleared() {
    var connector = connector("files");
    Secret published = ConfigObjects.emptyTasksSecret(connector);
    published.setData(Map.of("task-0", "e30="));
    assertThat(TaskConfigsSecretDependentResource.mustClear(connector, published)).isFalse();
    connector.getSpec().setState(TargetState.STOPPED);
    assertThat(TaskConfigsSecretDependentResource.mustClear(connector, published)).isTrue();
    assertThat(
            TaskConfigsSecretDependentResource.mustClear(
                connector, ConfigObjects.emptyTasksSecret(connector)))
        .isFalse();
  }

  static String decode(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
