package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunnerSettingsTest {

  private static RunnerSettings from(Map<String, String> config) {
    return RunnerSettings.from(key -> Optional.ofNullable(config.get(key)));
  }

  @Test
  void defaultsAreThePodContractPaths() {
    RunnerSettings settings = from(Map.of());

    assertThat(settings.workerConfig()).isEqualTo(Path.of(PodContract.WORKER_CONFIG_FILE));
    assertThat(settings.connectorConfig()).isEqualTo(Path.of(PodContract.CONNECTOR_CONFIG_FILE));
    assertThat(settings.tasksDir()).isEqualTo(Path.of(PodContract.TASKS_DIR));
    assertThat(settings.terminationLog()).isEqualTo(Path.of("/dev/termination-log"));
    assertThat(settings.pluginDirs())
        .containsExactly(
            Path.of(PodContract.DOWNLOADED_PLUGINS_DIR), Path.of(PodContract.IMAGE_PLUGINS_DIR));
    assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shutdownTimeoutAcceptsSecondsOrIso() {
    assertThat(from(Map.of("connect-k8s.shutdown-timeout", "45")).shutdownTimeout())
        .isEqualTo(Duration.ofSeconds(45));
    assertThat(from(Map.of("connect-k8s.shutdown-timeout", "PT1M")).shutdownTimeout())
        .isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> from(Map.of("connect-k8s.shutdown-timeout", "soon")))
        .isInstanceOf(BadInputException.class);
  }

  @Test
  void connectorNameIsRequiredWhenAsked() {
    assertThatThrownBy(() -> from(Map.of()).requireConnectorName())
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("CONNECT_K8S_CONNECTOR_NAME");
  }
}
