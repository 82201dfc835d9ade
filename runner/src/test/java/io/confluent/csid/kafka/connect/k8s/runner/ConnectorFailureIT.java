package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.runner.testing.KafkaBroker;
import io.confluent.csid.kafka.connect.k8s.runner.testing.KubernetesApi;
import io.confluent.csid.kafka.connect.k8s.runner.testing.PodFiles;
import io.confluent.csid.kafka.connect.k8s.runner.testing.RunnerProcess;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.tools.MockSourceConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connector calling {@code raiseError()} ends its pod with exit 1 and the reason. */
class ConnectorFailureIT {

  private static KubernetesApi kubernetes;

  @TempDir Path dir;

  @BeforeAll
  static void startKubernetes() {
    kubernetes = new KubernetesApi();
  }

  @AfterAll
  static void stopKubernetes() {
    kubernetes.close();
  }

  @Test
  void raiseErrorFailsTheConnectorPod() {
    kubernetes
        .client()
        .secrets()
        .inNamespace(KubernetesApi.NAMESPACE)
        .resource(
            new SecretBuilder().withNewMetadata().withName("raising-tasks").endMetadata().build())
        .create();
    PodFiles files =
        new PodFiles(dir, "raising")
            .worker(KafkaBroker.workerProps("raising-offsets"))
            .plugin("connect-test-plugins", MockSourceConnector.class)
            .connector(
                Map.of(
                    "connector.class", "MockSourceConnector",
                    "mock_mode", "connector-failure",
                    "delay_ms", "3000"));

    try (RunnerProcess process =
        RunnerProcess.builder(dir)
            .env(kubernetes.env())
            .env(files.env(files.connectorPod()))
            .args("connector")
            .start()) {
      assertThat(process.waitForExit(Duration.ofSeconds(90))).as(process.output()).isEqualTo(1);
      List<String> message = process.terminationMessage().lines().toList();
      assertThat(message.get(0))
          .startsWith("Connector raising")
          .contains("java.lang.RuntimeException");
      assertThat(message).anyMatch(l -> l.contains("MockConnector"));
    }
  }
}
