package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confluent.csid.kafka.connect.k8s.runner.plugins.InstalledPlugins;
import io.confluent.csid.kafka.connect.k8s.runner.testing.KafkaBroker;
import io.confluent.csid.kafka.connect.k8s.runner.testing.KubernetesApi;
import io.confluent.csid.kafka.connect.k8s.runner.testing.PluginArchives;
import io.confluent.csid.kafka.connect.k8s.runner.testing.PluginRepository;
import io.confluent.csid.kafka.connect.k8s.runner.testing.PodFiles;
import io.confluent.csid.kafka.connect.k8s.runner.testing.RunnerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code plugins} init container as the built runner runs it: it installs a Confluent Hub zip,
 * a Maven tar.gz and a plain jar from a loopback server into the plugins volume, and a task pod
 * whose image has no connectors then runs the connector from each of them. Failures exit with their
 * one-line reason in the termination message.
 */
class PluginsCommandIT {

  private static final String TASK_CLASS = "org.apache.kafka.connect.file.FileStreamSourceTask";
  private static KubernetesApi kubernetes;
  private static PluginRepository repo;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    kubernetes = new KubernetesApi();
    repo = new PluginRepository();
    repo.publishHub(
        "acme",
        "file-connector",
        "1.0.0",
        PluginArchives.hubZip("acme", "file-connector", "1.0.0", FileStreamSourceConnector.class));
    repo.publishMaven(
        "org/example/connect/file-plugin/1.0/file-plugin-1.0-plugin.tar.gz",
        PluginArchives.tarGz("file-plugin", FileStreamSourceConnector.class));
  }

  @AfterAll
  static void stop() {
    repo.close();
    kubernetes.close();
  }

  private static Map<String, String> pluginEnv(PodFiles files) {
    Map<String, String> env = new HashMap<>();
    env.put("CONNECT_K8S_PLUGINS_HUB_URL", repo.hubUrl());
    env.put("CONNECT_K8S_PLUGINS_MAVEN_REPOSITORY", repo.mavenUrl());
    env.put("CONNECT_K8S_PLUGINS_ALLOW_HTTP", "true");
    env.put("CONNECT_K8S_PLUGINS_INSTALL_DIR", files.pluginRoot().toString());
    env.put("CONNECT_K8S_PLUGIN_DIRS", files.pluginRoot().toString());
    env.put("CONNECT_K8S_PLUGINS_ATTEMPTS", "2");
    env.put("CONNECT_K8S_PLUGINS_BACKOFF", "0.1");
    env.put("CONNECT_K8S_PLUGINS_STALL_TIMEOUT", "2");
    return env;
  }

  private RunnerProcess plugins(PodFiles files, Map<String, String> extraEnv, String... args) {
    List<String> all = new ArrayList<>(List.of("plugins"));
    all.addAll(List.of(args));
    return RunnerProcess.builder(files.root().resolve("init"))
        .env(pluginEnv(files))
        .env(extraEnv)
        .args(all.toArray(String[]::new))
        .start();
  }

  private PodFiles sourcePod(String name, Path input, String topic) {
    Map<String, String> connector =
        Map.of("connector.class", "FileStreamSource", "file", input.toString(), "topic", topic);
    Map<String, String> task = new HashMap<>(connector);
    task.remove("connector.class");
    task.put("task.class", TASK_CLASS);
    return new PodFiles(dir.resolve(name), name)
        .worker(KafkaBroker.workerProps(name + "-offsets"))
        .connector(connector)
        .tasks(List.of(task));
  }

  @Test
  void eachSourceInstallsAndTheConnectorInItRuns() throws Exception {
    String jar = PluginArchives.jarName(FileStreamSourceConnector.class);
    String url =
        repo.publish("/files/" + jar, PluginArchives.jarOf(FileStreamSourceConnector.class));
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("hub", "acme/file-connector:1.0.0");
    sources.put("maven", "org.example.connect:file-plugin:1.0:plugin:tar.gz");
    sources.put("url", url);
    List<String> lines = IntStream.range(0, 50).mapToObj(i -> "line-" + i).toList();

    Map<String, PodFiles> pods = new LinkedHashMap<>();
    Map<String, RunnerProcess> inits = new LinkedHashMap<>();
    for (var source : sources.entrySet()) {
      Path input = dir.resolve(source.getKey() + ".txt");
      Files.write(input, lines);
      PodFiles files = sourcePod("plugin-" + source.getKey(), input, "plugin-" + source.getKey());
      pods.put(source.getKey(), files);
      inits.put(source.getKey(), plugins(files, Map.of(), source.getValue()));
    }
    for (var init : inits.entrySet()) {
      try (RunnerProcess process = init.getValue()) {
        assertThat(process.waitForExit(Duration.ofSeconds(120)))
            .as(init.getKey() + ": " + process.output())
            .isEqualTo(0);
      }
      assertThat(InstalledPlugins.completePlugins(pods.get(init.getKey()).pluginRoot())).hasSize(1);
    }

    List<RunnerProcess> tasks = new ArrayList<>();
    try {
      for (PodFiles files : pods.values()) {
        tasks.add(
            RunnerProcess.builder(files.root())
                .env(kubernetes.env())
                .env(files.env(files.taskPod(0)))
                .args("task")
                .start());
      }
      for (String source : sources.keySet()) {
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> values("plugin-" + source).size() >= lines.size());
        assertThat(values("plugin-" + source)).containsExactlyElementsOf(lines);
      }
    } finally {
      tasks.forEach(RunnerProcess::close);
    }
  }

  @Test
  void aSecondRunKeepsWhatIsInstalledWithoutDownloading() throws Exception {
    PodFiles files = sourcePod("plugin-rerun", dir.resolve("unused.txt"), "unused");
    try (RunnerProcess first = plugins(files, Map.of(), "acme/file-connector:1.0.0")) {
      assertThat(first.waitForExit(Duration.ofSeconds(120))).as(first.output()).isEqualTo(0);
    }
    int requests = repo.requests().size();
    try (RunnerProcess second = plugins(files, Map.of(), "acme/file-connector:1.0.0")) {
      assertThat(second.waitForExit(Duration.ofSeconds(120))).as(second.output()).isEqualTo(0);
      assertThat(second.output()).contains("is already installed");
    }
    assertThat(repo.requests()).hasSize(requests);
  }

  @Test
  void failuresEndWithTheirOwnOneLineReasonAndExitCode() throws Exception {
    String stalled = repo.stalling("/files/stalled.jar", 100);
    byte[] jar = PluginArchives.jarOf(FileStreamSourceConnector.class);
    String pinned = repo.publish("/files/pinned.jar", jar);
    repo.publishHub(
        "evil",
        "slip",
        "1.0.0",
        PluginArchives.zip(
            Map.of("evil-slip-1.0.0/../../x", "owned".getBytes(StandardCharsets.UTF_8))));

    record Case(String name, Map<String, String> env, String arg, int exit, String reason) {}
    List<Case> cases =
        List.of(
            new Case(
                "mismatch",
                Map.of(
                    "CONNECT_K8S_PLUGINS",
                    "[{\"name\":\"pinned\",\"url\":\""
                        + pinned
                        + "\",\"sha512\":\""
                        + "0".repeat(128)
                        + "\"}]"),
                null,
                2,
                "Plugin pinned (" + pinned + "): checksum mismatch: SHA-512 of " + pinned),
            new Case(
                "slip",
                Map.of(),
                "evil/slip:1.0.0",
                2,
                "Plugin evil-slip (evil/slip:1.0.0): archive entry 'evil-slip-1.0.0/../../x' would"
                    + " be written outside the plugin directory (zip-slip); refusing the archive"),
            new Case(
                "missing",
                Map.of(),
                "acme/missing:1.0.0",
                2,
                "Plugin acme-missing (acme/missing:1.0.0): Confluent Hub has no"
                    + " acme/missing:1.0.0"),
            new Case(
                "stalled",
                Map.of(),
                stalled,
                1,
                "Plugin stalled ("
                    + stalled
                    + "): "
                    + stalled
                    + " stalled: no data for 2s (stall timeout) (2 attempts)"),
            new Case(
                "http",
                Map.of("CONNECT_K8S_PLUGINS_ALLOW_HTTP", "false"),
                pinned,
                2,
                "Plugin pinned ("
                    + pinned
                    + "): "
                    + pinned
                    + " is plain http: use https, or set spec.allowInsecurePluginDownloads: true"),
            new Case(
                "unknown",
                Map.of(),
                "datagen-latest",
                2,
                "downloadPlugins entry 'datagen-latest' is not a plugin: use owner/name:version"));

    Map<Case, RunnerProcess> processes = new LinkedHashMap<>();
    for (Case c : cases) {
      PodFiles files = new PodFiles(dir.resolve("fail-" + c.name()), "fail-" + c.name());
      processes.put(
          c, c.arg() == null ? plugins(files, c.env()) : plugins(files, c.env(), c.arg()));
    }
    for (var entry : processes.entrySet()) {
      Case c = entry.getKey();
      try (RunnerProcess process = entry.getValue()) {
        assertThat(process.waitForExit(Duration.ofSeconds(120)))
            .as(c.name() + ": " + process.output())
            .isEqualTo(c.exit());
        String message = process.terminationMessage();
        assertThat(message).as(c.name()).startsWith(c.reason());
        assertThat(message.strip()).as(c.name() + " is one line").doesNotContain("\n");
        assertThat(Files.exists(dir.resolve("fail-" + c.name()).resolve("plugins/pinned")))
            .isFalse();
      }
    }
  }

  private static List<String> values(String topic) {
    return KafkaBroker.readAll(topic, Duration.ofSeconds(1)).stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
        .toList();
  }
}
