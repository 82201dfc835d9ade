package io.confluent.csid.kafka.connect.k8s.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRD (deploy/crds) against the founding example and against the mistakes the schema
 * can catch before the operator ever sees them. JSON Schema stands in for the API server here; the
 * end-to-end tests apply the same inputs to a real one.
 */
class KafkaConnectorCrdTest {

  static final Path FOUNDING_EXAMPLE =
      CrdSchema.REPO.resolve("deploy/examples/founding-example.yaml");

  /**
   * Fields whose schema is a Kubernetes core type copied from the fabric8 model, which carries no
   * descriptions. The field itself must be described; what is inside is Kubernetes' own.
   */
  static final List<String> EMBEDDED_KUBERNETES_TYPES =
      List.of(
          "spec.imagePullSecrets[]",
          "spec.template.affinity",
          "spec.template.env[]",
          "spec.template.tolerations[]",
          "spec.template.topologySpreadConstraints[]",
          "spec.template.volumeMounts[]",
          "spec.template.volumes[]",
          "status.conditions[]");

  static CrdSchema schema;
  static List<JsonNode> founding;

  @BeforeAll
  static void load() throws IOException {
    schema = CrdSchema.committed();
    founding = CrdSchema.documents(FOUNDING_EXAMPLE);
  }

  @Test
  void foundingExampleIsAcceptedVerbatim() {
    assertThat(founding).hasSize(2);
    JsonNode connector = founding.get(0);
    assertThat(connector.path("kind").asText()).isEqualTo(KafkaConnector.KIND);
    assertThat(schema.validate(connector)).isEmpty();

    KafkaConnector model = Serialization.unmarshal(connector.toString(), KafkaConnector.class);
    assertThat(model.getSpec().getConnectorConfig().connectorClass())
        .isEqualTo("io.confluent.kafka.connect.datagen.DatagenConnector");
    assertThat(model.getSpec().getConnectorConfig().tasksMax()).contains("3");
    assertThat(model.getSpec().getWorkerConfigSecret().keyOrDefault())
        .isEqualTo("worker.properties");
  }

  @Test
  void foundingWorkerConfigIsAV1Secret() {
    Secret secret = Serialization.unmarshal(founding.get(1).toString(), Secret.class);
    assertThat(secret.getMetadata().getName()).isEqualTo("worker-config");
    assertThat(secret.getStringData()).containsKey("worker.properties");
    assertThat(secret.getStringData().get("worker.properties"))
        .contains("bootstrap.servers=")
        .contains("offset.storage.topic=connect-offsets");
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        bad(
            "connectorConfig without connector.class",
            spec -> connectorConfig(spec).remove("connector.class"),
            "spec.connectorConfig: required property 'connector.class' not found"),
        bad(
            "empty connector.class",
            spec -> connectorConfig(spec).put("connector.class", ""),
            "spec.connectorConfig.connector.class: must be at least 1 characters long"),
        bad(
            "non-numeric tasks.max",
            spec -> connectorConfig(spec).put("tasks.max", "abc"),
            "spec.connectorConfig.tasks.max: does not match the regex pattern ^[1-9][0-9]*$"),
        bad(
            "zero tasks.max",
            spec -> connectorConfig(spec).put("tasks.max", "0"),
            "spec.connectorConfig.tasks.max: does not match the regex pattern ^[1-9][0-9]*$"),
        bad(
            "negative tasks.max",
            spec -> connectorConfig(spec).put("tasks.max", "-1"),
            "spec.connectorConfig.tasks.max: does not match the regex pattern ^[1-9][0-9]*$"),
        bad(
            "memory with a space and a non-Kubernetes unit",
            spec -> ((ObjectNode) spec.at("/connector/requests")).put("memory", "512 MB"),
            "spec.connector.requests.memory: does not match the regex pattern"),
        bad(
            "unknown CPU unit",
            spec -> ((ObjectNode) spec.path("task")).putObject("limits").put("cpu", "2 cores"),
            "spec.task.limits.cpu: does not match the regex pattern"),
        bad(
            "unknown level for one logger",
            spec ->
                ((ObjectNode) spec.at("/loggingConfig/loggerLevels"))
                    .put("io.confluent.csid.kafka.connect.k8s.common", "VERBOSE"),
            "spec.loggingConfig.loggerLevels.io.confluent.csid.kafka.connect.k8s.common: does not"
                + " have a value in the enumeration [\"ALL\", \"DEBUG\", \"ERROR\", \"FATAL\","
                + " \"INFO\", \"OFF\", \"TRACE\", \"WARN\"]"),
        bad(
            "unknown root log level",
            spec -> ((ObjectNode) spec.path("loggingConfig")).put("defaultLoggerLevel", "VERBOSE"),
            "spec.loggingConfig.defaultLoggerLevel: does not have a value in the enumeration"),
        bad(
            "no worker config Secret",
            spec -> ((ObjectNode) spec).remove("workerConfigSecret"),
            "spec: required property 'workerConfigSecret' not found"),
        bad(
            "unknown target state",
            spec -> ((ObjectNode) spec).put("state", "started"),
            "spec.state: does not have a value in the enumeration [\"paused\", \"running\","
                + " \"stopped\"]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void rejectsWithAMessageNamingTheField(
      String mistake, Consumer<JsonNode> change, String expectedMessage) {
    JsonNode connector = founding.get(0).deepCopy();
    change.accept(connector.path("spec"));

    List<String> problems = schema.validate(connector);

    assertThat(problems).as(mistake).hasSize(1);
    assertThat(problems.get(0)).as(mistake).startsWith(expectedMessage);
  }

  @Test
  void everySpecFieldIsDescribedForKubectlExplain() {
    List<String> undescribed = new ArrayList<>();
    // spec and status themselves: kubectl explain shows the kind's own description there.
    collectUndescribed(schema.openApiSchema().at("/properties/spec"), "spec", false, undescribed);
    collectUndescribed(
        schema.openApiSchema().at("/properties/status"), "status", false, undescribed);
    assertThat(undescribed).isEmpty();
  }

  @Test
  void namesScopeSubresourceAndPrinterColumns() {
    JsonNode spec = schema.crd().path("spec");
    assertThat(schema.crd().at("/metadata/name").asText()).isEqualTo(KafkaConnector.CRD_NAME);
    assertThat(spec.path("group").asText()).isEqualTo("io.confluent.csid");
    assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
    assertThat(spec.at("/names/kind").asText()).isEqualTo("KafkaConnector");
    assertThat(spec.at("/names/plural").asText()).isEqualTo("kafkaconnectors");
    // Strimzi's KafkaConnector is kctr: both operators may share a cluster.
    assertThat(texts(spec.at("/names/shortNames"))).containsExactly("kcn");

    JsonNode v1 = spec.at("/versions/0");
    assertThat(v1.path("name").asText()).isEqualTo("v1");
    assertThat(v1.at("/subresources/status").isObject()).isTrue();
    List<String> columns = new ArrayList<>();
    v1.path("additionalPrinterColumns")
        .forEach(c -> columns.add(c.path("name").asText() + "=" + c.path("jsonPath").asText()));
    assertThat(columns)
        .containsExactly(
            "Class=.status.connectorClass",
            "State=.status.connector.state",
            "Tasks=.status.tasksReady",
            "Age=.metadata.creationTimestamp");
  }

  /**
   * Lists fields without a description. Array items and map values are described by their field, so
   * only their own properties are checked.
   */
  private static void collectUndescribed(
      JsonNode node, String path, boolean mustDescribe, List<String> undescribed) {
    if (mustDescribe && !node.has("description")) {
      undescribed.add(path);
    }
    if (EMBEDDED_KUBERNETES_TYPES.contains(path)) {
      return;
    }
    node.path("properties")
        .fields()
        .forEachRemaining(
            field ->
                collectUndescribed(
                    field.getValue(), path + "." + field.getKey(), true, undescribed));
    if (node.has("items")) {
      collectUndescribed(node.path("items"), path + "[]", false, undescribed);
    }
    if (node.path("additionalProperties").isObject()) {
      collectUndescribed(node.path("additionalProperties"), path + "{}", false, undescribed);
    }
  }

  private static Arguments bad(String mistake, Consumer<JsonNode> change, String message) {
    return Arguments.of(mistake, change, message);
  }

  private static ObjectNode connectorConfig(JsonNode spec) {
    return (ObjectNode) spec.path("connectorConfig");
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
