package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.contract.RunnerContract;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** The Secrets and the ConfigMap the runner reads (docs/pod-contract.md). */
public final class ConfigObjects {

  private ConfigObjects() {}

  /**
   * Secret {@code <name>-config}. A Secret and not a ConfigMap: connector configs carry passwords.
   * Written as {@code data}, never {@code stringData}, so the stored object equals the desired one.
   */
  public static Secret connectorConfigSecret(KafkaConnector connector) {
    Map<String, String> data = new TreeMap<>();
    data.put(
        RunnerContract.CONNECTOR_CONFIG_KEY,
        base64(ConnectorFiles.connectorJson(connector.getSpec())));
    data.put(
        RunnerContract.LOGGING_CONFIG_KEY, base64(ConnectorFiles.loggingJson(connector.getSpec())));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(RunnerContract.configSecretName(connector.getMetadata().getName()))
        .withNamespace(connector.getMetadata().getNamespace())
        .withLabels(Labels.forComponent(connector, Labels.COMPONENT_CONFIG))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /**
   * Secret {@code <name>-tasks}, created empty: the connector pod may only update it (a Role cannot
   * grant create by name), so it must exist before that pod starts.
   */
  public static Secret emptyTasksSecret(KafkaConnector connector) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(RunnerContract.tasksSecretName(connector.getMetadata().getName()))
        .withNamespace(connector.getMetadata().getNamespace())
        .withLabels(Labels.forComponent(connector, Labels.COMPONENT_TASK_CONFIGS))
        .endMetadata()
        .withType("Opaque")
        .build();
  }

  /** ConfigMap {@code <name>-state}: the target state the pods follow without a restart. */
  public static ConfigMap stateConfigMap(KafkaConnector connector) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(RunnerContract.stateConfigMapName(connector.getMetadata().getName()))
        .withNamespace(connector.getMetadata().getNamespace())
        .withLabels(Labels.forComponent(connector, Labels.COMPONENT_STATE))
        .endMetadata()
        .withData(
            Map.of(RunnerContract.STATE_KEY, TargetStates.wireValue(TargetStates.of(connector))))
        .build();
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
