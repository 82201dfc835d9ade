package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.runner.testing.KafkaBroker;
import io.confluent.csid.kafka.connect.k8s.runner.testing.KubernetesApi;
import io.confluent.csid.kafka.connect.k8s.runner.testing.PodFiles;
import io.confluent.csid.kafka.connect.k8s.runner.testing.RunnerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing or invalid runner input: exit 2 and one clear line, also in the termination message. */
class BadInputIT {

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

  private int run(PodFiles files, String command, String pod, RunnerProcess[] holder) {
    RunnerProcess process =
        RunnerProcess.builder(dir).env(kubernetes.env()).env(files.env(pod)).args(command).start();
    holder[0] = process;
    return process.waitForExit(Duration.ofSeconds(90));
  }

  @Test
  void missingWorkerConfigExitsTwo() {
    PodFiles files =
        new PodFiles(dir, "no-worker")
            .connector(Map.of("connector.class", "FileStreamSource", "topic", "t"));
    RunnerProcess[] p = new RunnerProcess[1];

    assertThat(run(files, "connector", files.connectorPod(), p)).isEqualTo(2);
    assertThat(p[0].terminationMessage())
        .startsWith("Worker config file")
        .contains("does not exist");
  }

  @Test
  void unknownConnectorClassExitsTwo() {
    PodFiles files =
        new PodFiles(dir, "unknown-class")
            .worker(KafkaBroker.workerProps("unknown-class-offsets"))
            .connector(Map.of("connector.class", "com.example.NoSuchConnector", "tasks.max", "1"));
    RunnerProcess[] p = new RunnerProcess[1];

    assertThat(run(files, "connector", files.connectorPod(), p)).isEqualTo(2);
    String reason = p[0].terminationMessage().lines().findFirst().orElse("");
    // One readable line: the class, then the installed connectors by name (not Connect's dump
    // of every plugin with its location).
    assertThat(reason)
        .startsWith("Unknown connector class com.example.NoSuchConnector; connectors installed:")
        .doesNotContain("PluginDesc")
        .hasSizeLessThan(600);
  }

  @Test
  void invalidConnectorConfigExitsTwoListingEveryField() {
    PodFiles files =
        new PodFiles(dir, "invalid-config")
            .worker(KafkaBroker.workerProps("invalid-config-offsets"))
            .plugin("connect-file", FileStreamSourceConnector.class)
            // FileStreamSource needs a topic; tasks.max must be a positive number.
            .connector(
                Map.of("connector.class", "FileStreamSource", "tasks.max", "zero", "file", "x"));
    RunnerProcess[] p = new RunnerProcess[1];

    assertThat(run(files, "connector", files.connectorPod(), p)).isEqualTo(2);
    String reason = p[0].terminationMessage().lines().findFirst().orElse("");
    assertThat(reason)
        .startsWith("Invalid connector config")
        .contains("topic")
        .contains("tasks.max");
  }

  @Test
  void taskPodWithoutOrdinalExitsTwo() {
    PodFiles files =
        new PodFiles(dir, "no-ordinal")
            .worker(KafkaBroker.workerProps("no-ordinal-offsets"))
            .connector(Map.of("connector.class", "FileStreamSource", "topic", "t"));
    RunnerProcess[] p = new RunnerProcess[1];

    assertThat(run(files, "task", "no-ordinal-tasks-x", p)).isEqualTo(2);
    assertThat(p[0].terminationMessage()).contains("POD_NAME=no-ordinal-tasks-x");
  }

  @Test
  void missingTaskConfigExitsTwo() {
    PodFiles files =
        new PodFiles(dir, "no-task-config")
            .worker(KafkaBroker.workerProps("no-task-config-offsets"))
            .connector(Map.of("connector.class", "FileStreamSource", "topic", "t"));
    RunnerProcess[] p = new RunnerProcess[1];

    assertThat(run(files, "task", files.taskPod(3), p)).isEqualTo(2);
    assertThat(p[0].terminationMessage()).contains("task-3").contains("does not exist");
  }
}
