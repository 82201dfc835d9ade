package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confluent.csid.kafka.connect.k8s.runner.testing.KafkaBroker;
import io.confluent.csid.kafka.connect.k8s.runner.testing.KubernetesApi;
import io.confluent.csid.kafka.connect.k8s.runner.testing.PodFiles;
import io.confluent.csid.kafka.connect.k8s.runner.testing.RunnerProcess;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.mirror.MirrorClient;
import org.apache.kafka.connect.mirror.MirrorSourceConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MirrorSourceConnector in a connector pod process: task configs published into the Secret, again
 * (without a restart) when it discovers topics; then one task pod per published config.
 */
class MirrorConnectorProcessIT {

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

  private static Map<String, String> mirrorConfig(String topics, int tasksMax) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "MirrorSourceConnector");
    config.put("tasks.max", String.valueOf(tasksMax));
    config.put("source.cluster.alias", "src");
    config.put("target.cluster.alias", "dst");
    config.put("source.cluster.bootstrap.servers", KafkaBroker.bootstrapServers());
    config.put("target.cluster.bootstrap.servers", KafkaBroker.bootstrapServers());
    config.put("topics", topics);
    config.put("refresh.topics.interval.seconds", "1");
    config.put("sync.topic.configs.enabled", "false");
    config.put("sync.topic.acls.enabled", "false");
    config.put("replication.factor", "1");
    config.put("offset-syncs.topic.replication.factor", "1");
    config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    return config;
  }

  private PodFiles pod(String name, Map<String, String> config) {
    kubernetes
        .client()
        .secrets()
        .inNamespace(KubernetesApi.NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(PodContract.tasksSecretName(name))
                .endMetadata()
                .build())
        .create();
    return new PodFiles(dir.resolve(name), name)
        .worker(KafkaBroker.workerProps(name + "-offsets"))
        .plugin("connect-mirror", MirrorSourceConnector.class, MirrorClient.class)
        .connector(config);
  }

  private RunnerProcess start(PodFiles files, String command, String pod) {
    return RunnerProcess.builder(files.root())
        .env(kubernetes.env())
        .env(files.env(pod))
        .args(command)
        .start();
  }

  private static Secret tasksSecret(String name) {
    return kubernetes
        .client()
        .secrets()
        .inNamespace(KubernetesApi.NAMESPACE)
        .withName(PodContract.tasksSecretName(name))
        .get();
  }

  private static Map<String, String> decoded(Secret secret) {
    Map<String, String> data = new TreeMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return data;
  }

  @Test
  void republishesTaskConfigsWhenNewTopicsAppearWithoutRestarting() throws Exception {
    KafkaBroker.createTopic("mma-one", 2);
    PodFiles files = pod("mirror", mirrorConfig("mma-.*", 8));
    try (RunnerProcess connector = start(files, "connector", files.connectorPod())) {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> decoded(tasksSecret("mirror")).size() == 2);
      Secret first = tasksSecret("mirror");
      assertThat(first.getMetadata().getAnnotations())
          .containsEntry(PodContract.CONFIG_HASH_ANNOTATION, "hash-1");
      Map<String, String> before = decoded(first);
      assertThat(before).containsOnlyKeys("task-0", "task-1");
      for (String json : before.values()) {
        // Deterministic bytes: exactly what the sorted-key encoding of the same map gives.
        assertThat(json).isEqualTo(TaskConfigs.toJson(TaskConfigs.fromJson(json)));
        assertThat(json).contains("mma-one");
      }

      KafkaBroker.createTopic("mma-two", 3);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> decoded(tasksSecret("mirror")).size() == 5);
      assertThat(String.join("", decoded(tasksSecret("mirror")).values())).contains("mma-two");
      assertThat(connector.isAlive()).isTrue();
      assertThat(connector.output()).doesNotContain("Stopped");

      // The target state reaches the connector itself, in the same process.
      setState("mirror", "paused");
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(ready(connector)).contains("PAUSED"));
      setState("mirror", "running");
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(ready(connector)).contains("RUNNING"));
      assertThat(connector.isAlive()).isTrue();

      connector.sigterm();
      assertThat(connector.waitForExit(Duration.ofSeconds(40))).isEqualTo(0);
    }
  }

  @Test
  void twelveTaskPodsEachRunTheirOwnConfig() throws Exception {
    int tasks = 12;
    KafkaBroker.createTopic("twelve", tasks);
    for (int p = 0; p < tasks; p++) {
      int partition = p;
      produceToPartition(
          "twelve",
          partition,
          IntStream.range(0, 5).mapToObj(i -> "p" + partition + "-" + i).toList());
    }
    PodFiles files = pod("twelve", mirrorConfig("twelve", tasks));
    List<RunnerProcess> pods = new ArrayList<>();
    try (RunnerProcess connector = start(files, "connector", files.connectorPod())) {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> decoded(tasksSecret("twelve")).size() == tasks);
      // What the kubelet does with the Secret volume: one file per key.
      List<Map<String, String>> configs = new ArrayList<>();
      Map<String, String> published = decoded(tasksSecret("twelve"));
      for (int i = 0; i < tasks; i++) {
        configs.add(TaskConfigs.fromJson(published.get(PodContract.taskKey(i))));
      }
      files.tasks(configs);
      for (int i = 0; i < tasks; i++) {
        pods.add(start(files, "task", files.taskPod(i)));
      }
      // Task N replicates only partition N: every partition arrives only if every ordinal ran
      // its own config (a last-digit parser would run configs 0 and 1 twice, never 10 and 11).
      await()
          .atMost(Duration.ofSeconds(150))
          .until(() -> partitionsWithData("src.twelve") == tasks);
      Map<Integer, List<String>> byPartition = new TreeMap<>();
      for (ConsumerRecord<byte[], byte[]> r : KafkaBroker.readAll("src.twelve", Duration.ZERO)) {
        byPartition
            .computeIfAbsent(r.partition(), k -> new ArrayList<>())
            .add(new String(r.value(), StandardCharsets.UTF_8));
      }
      for (int p = 0; p < tasks; p++) {
        String prefix = "p" + p + "-";
        assertThat(byPartition.get(p))
            .as("partition " + p)
            .isNotEmpty()
            .allMatch(v -> v.startsWith(prefix));
      }
      assertThat(pods).allMatch(RunnerProcess::isAlive);
      pods.forEach(RunnerProcess::sigterm);
      for (RunnerProcess pod : pods) {
        assertThat(pod.waitForExit(Duration.ofSeconds(60))).isEqualTo(0);
      }
      connector.sigterm();
      assertThat(connector.waitForExit(Duration.ofSeconds(40))).isEqualTo(0);
    } finally {
      pods.forEach(RunnerProcess::close);
    }
  }

  private static String ready(RunnerProcess process) throws Exception {
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://localhost:" + process.httpPort() + "/q/health/ready"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  private static void setState(String connector, String state) {
    kubernetes
        .client()
        .configMaps()
        .inNamespace(KubernetesApi.NAMESPACE)
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName(PodContract.stateConfigMapName(connector))
                .endMetadata()
                .withData(Map.of(PodContract.STATE_KEY, state))
                .build())
        .createOr(r -> r.update());
  }

  private static long partitionsWithData(String topic) {
    return KafkaBroker.readAll(topic, Duration.ZERO).stream()
        .map(ConsumerRecord::partition)
        .distinct()
        .count();
  }

  private static void produceToPartition(String topic, int partition, List<String> values) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", KafkaBroker.bootstrapServers());
    props.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
    props.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props)) {
      for (String value : values) {
        producer.send(
            new org.apache.kafka.clients.producer.ProducerRecord<>(topic, partition, null, value));
      }
      producer.flush();
    }
  }
}
