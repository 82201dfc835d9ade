package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 1: the founding example applied with the real {@code kubectl apply -f}, its Confluent
 * Hub connector (unreachable here) swapped for FileStreamSource reading a ConfigMap mounted through
 * the resource's pod template, and its worker Secret pointed at the bed's broker. (Kafka's
 * VerifiableSource loads from the classpath only, never from an isolated plugin directory, so the
 * production runner image cannot run it.) The operator (own process) creates the objects, the real
 * StatefulSet controller the pods, the process kubelet runs the runner in them; records must reach
 * the topic from every task and {@code kubectl get kafkaconnectors} must tell the truth.
 */
@ExtendWith(Bed.Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FoundingExampleE2E {

  private static final String NS = "kafka-connect-poc";
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final Path WEATHER = Repo.root().resolve("deploy/examples/data/weather.csv");

  @Test
  @Order(1)
  void foundingExampleRunsConnectorAndTaskPodsThatProduceRecords(Bed bed) throws IOException {
    KubernetesClient client = bed.client();
    String bootstrap = bed.broker().bootstrapServers();
    bed.operator();
    ConnectorFixtures.createNamespace(bed, NS);

    Path manifest = bed.workDir().resolve("founding-example-e2e.yaml");
    Files.writeString(manifest, foundingExample(client, bootstrap));
    System.out.println(bed.kubectl().run("apply", "-f", manifest.toString()).orFail().output());

    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              // FileStreamSource makes one task whatever tasks.max says.
              for (String pod : List.of("test-connector-0", "test-tasks-0")) {
                assertThat(ready(client.pods().inNamespace(NS).withName(pod).get()))
                    .as(pod)
                    .isTrue();
              }
            });

    // Every line of the file, once and in order (one task, one partition).
    List<String> lines = Files.readAllLines(WEATHER);
    List<String> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
      consumer.subscribe(List.of("users"));
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                  // The example's value.converter is JsonConverter with schemas: unwrap.
                  received.add(
                      Serialization.jsonMapper().readTree(r.value()).get("payload").asText());
                }
                assertThat(received).hasSize(lines.size());
              });
      assertThat(received).containsExactlyElementsOf(lines);
    }

    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              String table =
                  bed.kubectl().run("-n", NS, "get", "kafkaconnectors").orFail().output();
              assertThat(table)
                  .containsPattern("(?m)^test\\s.*\\bRUNNING\\b")
                  .containsPattern("(?m)^test\\s.*FileStreamSource")
                  .containsPattern("(?m)^test\\s.*\\s1/1\\b");
            });
    System.out.println(
        bed.kubectl().run("-n", NS, "get", "kafkaconnectors,statefulsets,pods").output());
  }

  @Test
  @Order(2)
  void deletingTheResourceStopsItsPodsGracefullyAndCollectsEverythingItOwned(Bed bed) {
    KubernetesClient client = bed.client();
    assertThat(client.apps().statefulSets().inNamespace(NS).list().getItems())
        .as("the founding example runs (previous test)")
        .isNotEmpty();

    bed.kubectl().run("-n", NS, "delete", "kafkaconnector", "test").orFail();

    // The garbage collector follows the ownerReferences; the kubelet stops each pod with SIGTERM.
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(client.apps().statefulSets().inNamespace(NS).list().getItems()).isEmpty();
              assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
              assertThat(client.secrets().inNamespace(NS).withName("test-config").get()).isNull();
              assertThat(client.secrets().inNamespace(NS).withName("test-tasks").get()).isNull();
              assertThat(client.configMaps().inNamespace(NS).withName("test-state").get()).isNull();
            });
    // The user's own objects stay.
    assertThat(client.secrets().inNamespace(NS).withName("worker-config").get()).isNotNull();
    for (String pod : List.of("test-connector-0", "test-tasks-0")) {
      assertThat(bed.kubelet().log(NS, pod, "runner"))
          .as(pod)
          .contains("connect-k8s-runner stopped in");
    }
  }

  /**
   * deploy/examples/founding-example.yaml with what this bed cannot provide replaced: the connector
   * (Confluent Hub is unreachable, so no datagen and no downloadPlugins) and the Confluent Cloud
   * cluster of the worker Secret.
   */
  @SuppressWarnings("unchecked")
  private static String foundingExample(KubernetesClient client, String bootstrap)
      throws IOException {
    StringBuilder out = new StringBuilder();
    try (InputStream in =
        Files.newInputStream(Repo.root().resolve("deploy/examples/founding-example.yaml"))) {
      for (HasMetadata item : client.load(in).items()) {
        item.getMetadata().setNamespace(NS);
        if (item instanceof GenericKubernetesResource connector) {
          Map<String, Object> spec =
              (Map<String, Object>) connector.getAdditionalProperties().get("spec");
          spec.remove("downloadPlugins");
          Map<String, Object> config =
              new LinkedHashMap<>((Map<String, Object>) spec.get("connectorConfig"));
          config
              .keySet()
              .removeAll(List.of("kafka.topic", "quickstart", "max.interval", "iterations"));
          config.put(
              "connector.class",
              System.getProperty(
                  "e2e.connector", "org.apache.kafka.connect.file.FileStreamSourceConnector"));
          config.put("topic", "users");
          config.put("throughput", "5");
          config.put("file", Repo.root().resolve("deploy/examples/data/weather.csv").toString());
          spec.put("connectorConfig", config);
        } else if (item instanceof Secret secret) {
          ConnectorFixtures.pointAtBroker(secret, bootstrap);
        }
        out.append("---\n").append(Serialization.asYaml(item).replaceFirst("^---\n", ""));
      }
    }
    ConfigMap data =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("weather")
            .withNamespace(NS)
            .endMetadata()
            .addToData("weather.csv", Files.readString(WEATHER))
            .build();
    out.append("---\n").append(Serialization.asYaml(data).replaceFirst("^---\n", ""));
    return out.toString();
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "founding-example-e2e");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  private static boolean ready(Pod pod) {
    return pod != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
