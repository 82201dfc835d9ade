package io.confluent.csid.kafka.connect.k8s.e2e;

import static io.confluent.csid.kafka.connect.k8s.e2e.ConnectorFixtures.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scenario 8, bad input: what the CRD schema can catch is refused by the real API server before
 * anything exists; what only the runner can catch (an unknown connector class) ends truthfully in
 * the status, without disturbing a healthy connector next to it.
 */
@ExtendWith(Bed.Extension.class)
class BadInputE2E {

  private static final String NS = "bad-input-e2e";
  private static final ResourceDefinitionContext KAFKA_CONNECTORS = KafkaConnectors.CONTEXT;
  private static Bed bed;

  private static synchronized void namespace(Bed bed) {
    if (BadInputE2E.bed == null) {
      BadInputE2E.bed = bed;
      bed.operator();
      ConnectorFixtures.createNamespace(bed, NS);
      ConnectorFixtures.applyWorkerConfig(bed, NS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "missing-connector-class, no-class, spec.connectorConfig.connector.class",
    "zero-tasks, zero-tasks, spec.connectorConfig.tasks.max",
    "bad-memory, bad-memory, spec.connector.requests.memory",
    "bad-log-level, bad-log-level, spec.loggingConfig.defaultLoggerLevel",
  })
  void invalidResourceIsRejectedByTheApiServerNamingTheField(
      String fixture, String name, String field, Bed bed) {
    namespace(bed);
    Path file = ConnectorFixtures.path("bad-input/" + fixture + ".yaml");

    Kubectl.Result applied = bed.kubectl().run("-n", NS, "apply", "-f", file.toString());

    // Kubectl.Result merges stderr into the output: the server's refusal is all kubectl prints.
    assertThat(applied.exitCode()).as(applied.output()).isNotZero();
    assertThat(applied.output()).contains(field).contains("is invalid");
    assertThat(kafkaConnectors(bed.client()).inNamespace(NS).withName(name).get())
        .as("created anyway")
        .isNull();
  }

  @Test
  void unknownConnectorClassFailsWithReasonWhileAHealthyConnectorKeepsRunning(Bed bed)
      throws IOException {
    namespace(bed);
    KubernetesClient client = bed.client();
    Path lines = Files.writeString(bed.workDir().resolve("bad-input-steady.txt"), "line-0\n");
    ConnectorFixtures.applyFileSource(
        bed, NS, "steady", "FileStreamSource", lines, "bad-input-steady");
    List<String> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        ConnectorFixtures.consumer(bed.broker().bootstrapServers(), "bad-input-e2e")) {
      consumer.subscribe(List.of("bad-input-steady"));
      await()
          .atMost(TIMEOUT)
          .untilAsserted(() -> assertThat(poll(consumer, received)).isNotEmpty());

      ConnectorFixtures.applyFileSource(
          bed, NS, "ghost", "com.example.DoesNotExist", lines, "bad-input-ghost");
      int before = received.size();
      int[] appended = {0};
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                // Keep the healthy connector busy for the whole check.
                Files.writeString(lines, "line-" + ++appended[0] + "\n", StandardOpenOption.APPEND);
                poll(consumer, received);
                Map<String, Object> status = status(client, "ghost");
                Map<String, Object> connector = child(status, "connector");
                assertThat(connector).containsEntry("state", "FAILED");
                assertThat((String) connector.get("lastFailureMessage"))
                    .contains("com.example.DoesNotExist");
                assertThat(errorCondition(status))
                    .containsEntry("status", "True")
                    .containsEntry("reason", "ConfigInvalid");
                assertThat((String) errorCondition(status).get("message"))
                    .contains("com.example.DoesNotExist");
              });

      // Every line appended during the check arrives: the healthy connector never stopped.
      int last = appended[0];
      await()
          .atMost(TIMEOUT)
          .untilAsserted(() -> assertThat(poll(consumer, received)).contains("line-" + last));
      assertThat(received.size()).isGreaterThan(before);
      for (int i = 0; i <= last; i++) {
        assertThat(received).contains("line-" + i);
      }
      Map<String, Object> steady = child(status(client, "steady"), "connector");
      assertThat(steady).containsEntry("state", "RUNNING").containsEntry("restartCount", 0);
    }
  }

  private static List<String> poll(KafkaConsumer<String, String> consumer, List<String> into) {
    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
      into.add(r.value());
    }
    return into;
  }

  private static io.fabric8.kubernetes.client.dsl.MixedOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      kafkaConnectors(KubernetesClient client) {
    return client.genericKubernetesResources(KAFKA_CONNECTORS);
  }

  private static Map<String, Object> status(KubernetesClient client, String name) {
    return child(
        kafkaConnectors(client).inNamespace(NS).withName(name).get().getAdditionalProperties(),
        "status");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> errorCondition(Map<String, Object> status) {
    return ((List<Map<String, Object>>) status.get("conditions"))
        .stream()
            .filter(c -> "Error".equals(c.get("type")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Error condition in " + status));
  }

  /** Stops the pods: the machine is shared by the next scenarios. */
  @AfterAll
  static void deleteNamespace() {
    if (bed != null) {
      bed.kubectl().run("delete", "namespace", NS, "--wait=false");
      bed = null;
    }
  }
}
