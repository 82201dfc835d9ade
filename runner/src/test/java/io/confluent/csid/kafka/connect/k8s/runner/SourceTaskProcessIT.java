package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confluent.csid.kafka.connect.k8s.runner.testing.KafkaBroker;
import io.confluent.csid.kafka.connect.k8s.runner.testing.KubernetesApi;
import io.confluent.csid.kafka.connect.k8s.runner.testing.PodFiles;
import io.confluent.csid.kafka.connect.k8s.runner.testing.RunnerProcess;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FileStreamSource task pod, as a real process: stop on SIGTERM with offsets committed, resume
 * after a hard kill, fail with a reason, follow the target state, serve health and metrics.
 */
class SourceTaskProcessIT {

  private static final String TASK_CLASS = "org.apache.kafka.connect.file.FileStreamSourceTask";
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

  private PodFiles sourcePod(String name, Path input, String topic) {
    Map<String, String> connector =
        Map.of("connector.class", "FileStreamSource", "file", input.toString(), "topic", topic);
    Map<String, String> task = new HashMap<>(connector);
    task.remove("connector.class");
    task.put("task.class", TASK_CLASS);
    return new PodFiles(dir.resolve(name), name)
        .worker(KafkaBroker.workerProps(name + "-offsets"))
        .plugin("connect-file", FileStreamSourceConnector.class)
        .connector(connector)
        .tasks(List.of(task));
  }

  private RunnerProcess startTask(PodFiles files) {
    return RunnerProcess.builder(files.root())
        .env(kubernetes.env())
        .env(files.env(files.taskPod(0)))
        .args("task")
        .start();
  }

  private static List<String> lines(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "line-" + i).toList();
  }

  private static void append(Path file, List<String> lines) throws IOException {
    Files.writeString(
        file,
        lines.stream().map(l -> l + "\n").collect(Collectors.joining()),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static List<String> values(String topic) {
    return KafkaBroker.readAll(topic, Duration.ofSeconds(1)).stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
        .toList();
  }

  private static String get(int port, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  @Test
  void sigtermCommitsOffsetsSoARestartProducesNoDuplicates() throws Exception {
    Path input = dir.resolve("clean.txt");
    append(input, lines(0, 100));
    PodFiles files = sourcePod("clean-stop", input, "clean-stop-lines");

    try (RunnerProcess first = startTask(files)) {
      await().atMost(Duration.ofSeconds(90)).until(() -> values("clean-stop-lines").size() == 100);
      // Health follows the task, metrics are Connect's own with connector and task labels.
      assertThat(get(first.httpPort(), "/q/health/ready")).startsWith("200").contains("RUNNING");
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(get(first.httpPort(), "/q/metrics"))
                      .containsPattern(
                          "kafka_connect_source_task_metrics_source_record_write_total\\{connector=\"clean-stop\",task=\"0\"\\} 100\\.0"));
      first.sigterm();
      assertThat(first.waitForExit(Duration.ofSeconds(40))).isEqualTo(0);
    }

    append(input, lines(100, 150));
    try (RunnerProcess second = startTask(files)) {
      await().atMost(Duration.ofSeconds(90)).until(() -> values("clean-stop-lines").size() >= 150);
      Thread.sleep(2000);
      assertThat(values("clean-stop-lines")).containsExactlyElementsOf(lines(0, 150));
      second.sigterm();
      assertThat(second.waitForExit(Duration.ofSeconds(40))).isEqualTo(0);
    }
  }

  @Test
  void hardKillMidStreamResumesFromCommittedOffsets() throws Exception {
    Path input = dir.resolve("killed.txt");
    String topic = "hard-kill-lines";
    int total = 3000;
    append(input, lines(0, 1));
    Thread writer =
        new Thread(
            () -> {
              try {
                for (int i = 1; i < total; i += 20) {
                  append(input, lines(i, Math.min(total, i + 20)));
                  Thread.sleep(100);
                }
              } catch (InterruptedException | IOException e) {
                // The test ended early; stop writing.
              }
            });
    PodFiles files = sourcePod("hard-kill", input, topic);
    List<String> beforeKill;
    long committedLines;
    try (RunnerProcess first = startTask(files)) {
      writer.start();
      // Mid-stream: at least one offset commit happened and the writer is still writing.
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> committedLines(input, "hard-kill-offsets") > 0 && values(topic).size() >= 600);
      first.kill();
      beforeKill = values(topic);
      committedLines = committedLines(input, "hard-kill-offsets");
    } catch (RuntimeException | Error e) {
      writer.interrupt();
      throw e;
    }
    assertThat(committedLines).isPositive().isLessThanOrEqualTo(beforeKill.size());

    try (RunnerProcess second = startTask(files)) {
      writer.join();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> values(topic).stream().distinct().count() == total);
      second.sigterm();
      assertThat(second.waitForExit(Duration.ofSeconds(40))).isEqualTo(0);
    }
    List<String> all = values(topic);
    Map<String, Long> counts =
        all.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(lines(0, total));
    long duplicates = all.size() - total;
    // Only what was produced after the last commit may be produced again.
    assertThat(duplicates).isLessThanOrEqualTo(beforeKill.size() - committedLines);
  }

  /** Lines of the file covered by the position FileStreamSource last committed. */
  private static long committedLines(Path input, String offsetsTopic) {
    try {
      return committedLinesOrThrow(input, offsetsTopic);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long committedLinesOrThrow(Path input, String offsetsTopic) throws IOException {
    ObjectMapper json = new ObjectMapper();
    long position = 0;
    for (ConsumerRecord<byte[], byte[]> record :
        KafkaBroker.readAll(offsetsTopic, Duration.ofSeconds(1))) {
      JsonNode value = json.readTree(record.value());
      if (value != null && value.has("position")) {
        position = value.get("position").asLong();
      }
    }
    byte[] content = Files.readAllBytes(input);
    long lines = 0;
    for (int i = 0; i < Math.min(position, content.length); i++) {
      if (content[i] == '\n') {
        lines++;
      }
    }
    return lines;
  }

  @Test
  void targetStateFromTheConfigMapPausesAndResumesWithoutRestart() throws Exception {
    Path input = dir.resolve("paused.txt");
    String topic = "paused-lines";
    append(input, lines(0, 10));
    PodFiles files = sourcePod("pausable", input, topic);
    try (RunnerProcess task = startTask(files)) {
      await().atMost(Duration.ofSeconds(90)).until(() -> values(topic).size() == 10);

      setState("pausable", "paused");
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> assertThat(get(task.httpPort(), "/q/health/ready")).contains("PAUSED"));
      append(input, lines(10, 20));
      Thread.sleep(3000);
      assertThat(values(topic)).hasSize(10);

      setState("pausable", "running");
      await().atMost(Duration.ofSeconds(10)).until(() -> values(topic).size() == 20);
      assertThat(task.isAlive()).isTrue();
      task.sigterm();
      assertThat(task.waitForExit(Duration.ofSeconds(40))).isEqualTo(0);
    }
  }

  private static void setState(String connector, String state) {
    kubernetes
        .client()
        .configMaps()
        .inNamespace(KubernetesApi.NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(PodContract.stateConfigMapName(connector))
                .endMetadata()
                .withData(Map.of(PodContract.STATE_KEY, state))
                .build())
        .createOr(r -> r.update());
  }

  @Test
  void failedTaskExitsOneWithTheReasonInTheTerminationMessage() {
    Map<String, String> connector =
        Map.of(
            "connector.class",
            "FileStreamSink",
            "topics",
            "failing-in",
            "file",
            "/nonexistent-dir/out.txt");
    Map<String, String> task = new HashMap<>(connector);
    task.remove("connector.class");
    task.put("task.class", "org.apache.kafka.connect.file.FileStreamSinkTask");
    PodFiles files =
        new PodFiles(dir.resolve("failing"), "failing")
            .worker(KafkaBroker.workerProps("failing-offsets"))
            .plugin("connect-file", FileStreamSourceConnector.class)
            .connector(connector)
            .tasks(new ArrayList<>(List.of(task)));
    try (RunnerProcess process = startTask(files)) {
      assertThat(process.waitForExit(Duration.ofSeconds(90))).isEqualTo(1);
      List<String> message = process.terminationMessage().lines().toList();
      assertThat(message.get(0))
          .startsWith("Task failing-0 failed")
          .contains("/nonexistent-dir/out.txt");
      assertThat(message).anyMatch(l -> l.startsWith("\tat "));
    }
  }
}
