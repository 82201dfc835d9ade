package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confluent.csid.kafka.connect.k8s.runner.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.runtime.TargetState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ${file:...}} references resolve inside the process, and the task configs handed to the
 * operator keep the reference instead of the resolved value.
 */
class ConfigProviderIT {

  @TempDir Path dir;

  @Test
  void referencesResolveInTheProcessButArePublishedUnresolved() throws Exception {
    Path input = dir.resolve("secret-input.txt");
    Files.write(input, List.of("alpha", "beta"));
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(secrets, "input.path=" + input + "\n");
    String reference = "${file:" + secrets + ":input.path}";

    Map<String, String> worker = new HashMap<>(KafkaBroker.workerProps("provider-offsets"));
    worker.put("config.providers", "file");
    worker.put(
        "config.providers.file.class",
        "org.apache.kafka.common.config.provider.FileConfigProvider");
    Map<String, String> config = new HashMap<>();
    config.put("name", "provider-source");
    config.put("connector.class", "FileStreamSource");
    config.put("file", reference);
    config.put("topic", "provider-lines");

    AtomicReference<List<Map<String, String>>> published = new AtomicReference<>();
    RunnerStatus status = new RunnerStatus();
    try (EmbeddedWorker embedded =
        EmbeddedWorker.create("provider", WorkerProperties.forWorker(worker, List.of()))) {
      embedded.validate(config);
      embedded.start();
      try (ConnectorProcess connector =
          new ConnectorProcess(
              embedded,
              "provider-source",
              config,
              new MemoryTaskConfigPublisher(published::set),
              status)) {
        connector.start(TargetState.STARTED);

        assertThat(published.get()).hasSize(1);
        assertThat(published.get().get(0)).containsEntry("file", reference);
        assertThat(published.get().get(0).values()).noneMatch(v -> v.contains(input.toString()));

        try (TaskProcess task =
            new TaskProcess(
                embedded,
                "provider-source",
                0,
                config,
                published.get().get(0),
                1,
                embedded.taskListener(status))) {
          task.start(TargetState.STARTED);
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> KafkaBroker.readAll("provider-lines", Duration.ZERO).size() == 2);
          assertThat(KafkaBroker.readAll("provider-lines", Duration.ZERO))
              .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
              .containsExactly("alpha", "beta");
        }
      }
    }
    assertThat(status.failure()).isNotDone();
  }
}
