package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confluent.csid.kafka.connect.k8s.runner.plugins.InstalledPlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerPropertiesTest {

  @TempDir Path dir;

  @Test
  void fillsWhatTheWorkerNeedsButKeepsTheUsersOffsetsTopicAndConverters() {
    Map<String, String> props =
        WorkerProperties.forWorker(
            Map.of(
                "bootstrap.servers", "kafka:9092",
                "offset.storage.topic", "old-cluster-offsets",
                "value.converter", "org.apache.kafka.connect.storage.StringConverter"),
            List.of());

    assertThat(props)
        .containsEntry("offset.storage.topic", "old-cluster-offsets")
        .containsEntry("value.converter", "org.apache.kafka.connect.storage.StringConverter")
        .containsEntry("key.converter", "org.apache.kafka.connect.json.JsonConverter")
        .containsEntry("group.id", "connect-k8s")
        .containsEntry("config.storage.topic", "connect-configs")
        .containsEntry("status.storage.topic", "connect-status")
        .containsEntry("plugin.discovery", "service_load")
        .doesNotContainKey("plugin.path");
  }

  @Test
  void defaultsTheOffsetsTopicToConnectsUsualName() {
    assertThat(WorkerProperties.forWorker(Map.of("bootstrap.servers", "k:1"), List.of()))
        .containsEntry("offset.storage.topic", "connect-offsets");
  }

  @Test
  void pluginPathListsOnlyDirectoriesThatHoldPlugins() throws Exception {
    Path downloaded = Files.createDirectories(dir.resolve("downloaded/datagen"));
    Files.writeString(downloaded.resolve("a.jar"), "x");
    Path emptyImageDir = Files.createDirectories(dir.resolve("image"));
    Path missing = dir.resolve("missing");

    Map<String, String> props =
        WorkerProperties.forWorker(
            Map.of(
                "bootstrap.servers",
                "k:1",
                "plugin.path",
                missing + "," + dir.resolve("downloaded")),
            List.of(dir.resolve("downloaded"), emptyImageDir, missing));

    assertThat(props).containsEntry("plugin.path", dir.resolve("downloaded").toString());
  }

  @Test
  void theUsersDiscoveryModeWins() {
    assertThat(
            WorkerProperties.forWorker(
                Map.of("bootstrap.servers", "k:1", "plugin.discovery", "hybrid_warn"), List.of()))
        .containsEntry("plugin.discovery", "hybrid_warn");
  }

  @Test
  void bootstrapServersAreRequired() {
    assertThatThrownBy(() -> WorkerProperties.forWorker(Map.of(), List.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessage("Worker config has no bootstrap.servers");
  }

  @Test
  void loadsAPropertiesFileAndRejectsAMissingOne() throws Exception {
    Path file = dir.resolve("worker.properties");
    Files.writeString(file, "bootstrap.servers = kafka:9092 \n# comment\nsasl.jaas.config=x y;\n");

    assertThat(WorkerProperties.load(file))
        .containsEntry("bootstrap.servers", "kafka:9092")
        .containsEntry("sasl.jaas.config", "x y;");
    assertThatThrownBy(() -> WorkerProperties.load(dir.resolve("nope")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void theInstalledPluginsVolumeContributesOnlyPluginsTheInitContainerCompleted() throws Exception {
    Path volume = dir.resolve("volume");
    for (String done : List.of("acme-a", "b")) {
      Files.createDirectories(volume.resolve(done).resolve("lib"));
      Files.writeString(volume.resolve(done).resolve(InstalledPlugins.MARKER), "{}");
    }
    // What a killed init container leaves behind: never on plugin.path.
    Files.createDirectories(volume.resolve("half-written/lib"));
    Files.createDirectories(volume.resolve(".staging/c/content/lib"));
    Path image = dir.resolve("image");
    Files.createDirectories(image.resolve("baked/lib"));

    Map<String, String> props =
        WorkerProperties.forWorker(Map.of("bootstrap.servers", "k:1"), List.of(volume, image));

    assertThat(props.get("plugin.path").split(","))
        .containsExactly(
            volume.resolve("acme-a").toString(), volume.resolve("b").toString(), image.toString());

    // Only debris of an interrupted first run: the volume contributes nothing.
    Path interrupted = dir.resolve("interrupted");
    Files.createDirectories(interrupted.resolve(".staging/c/content/lib"));
    assertThat(
            WorkerProperties.forWorker(
                Map.of("bootstrap.servers", "k:1"), List.of(interrupted, image)))
        .containsEntry("plugin.path", image.toString());
  }
}
