package io.confluent.csid.kafka.connect.k8s.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed chart (deploy/helm) through Helm itself (helm-java bundles Helm; no cluster): it
 * lints, renders the CRD from crds/, and every value the chart offers reaches the Deployment.
 */
class HelmChartTest {

  static final Path CHART = CrdSchema.REPO.resolve("deploy/helm/" + GeneratedArtifacts.CHART);
  static final String RELEASE_NAMESPACE = "kafka-operators";

  @Test
  void lintsClean() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void shipsTheCommittedCrdInItsCrdsFolder() throws IOException {
    // `helm show crds` lists what `helm install` applies before the templates.
    List<JsonNode> crds = CrdSchema.documents(new Helm(CHART).show().crds().call());
    assertThat(crds).hasSize(1);
    assertThat(crds.get(0)).isEqualTo(CrdSchema.committed().crd());
    // Templates must not carry a second copy, which Helm would own and delete on uninstall.
    assertThat(ofKind(render(t -> t), "CustomResourceDefinition")).isEmpty();
  }

  @Test
  void defaultsRunTheOperatorImageOfThisVersionWatchingAllNamespaces() throws IOException {
    JsonNode deployment = onlyOne(render(t -> t), "Deployment");
    JsonNode container = deployment.at("/spec/template/spec/containers/0");

    JsonNode plainManifest =
        onlyOne(CrdSchema.documents(OperatorRbacTest.PLAIN_MANIFESTS), "Deployment");
    String operatorImage = plainManifest.at("/spec/template/spec/containers/0/image").asText();
    assertThat(operatorImage).matches("[^:]+/connect-k8s-operator:.+");
    assertThat(container.path("image").asText()).isEqualTo(operatorImage);
    assertThat(container.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(env(container))
        .containsEntry(
            "QUARKUS_OPERATOR_SDK_CONTROLLERS_KAFKACONNECTOR_NAMESPACES", "JOSDK_ALL_NAMESPACES")
        .containsEntry("OPERATOR_LOG_LEVEL", "INFO");
    assertThat(container.at("/resources/requests/memory").asText()).isEqualTo("256Mi");
    assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("512Mi");
  }

  @Test
  void everyOfferedValueReachesTheDeployment(@TempDir Path dir) throws IOException {
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        """
        operator:
          image: registry.example.com/platform/connect-k8s-operator:9.9.9
          imagePullPolicy: Always
          replicas: 2
          watchNamespaces: team-a,team-b
          logLevel: DEBUG
          resources:
            requests:
              cpu: 250m
            limits:
              memory: 1Gi
        """);
    List<JsonNode> rendered = render(t -> t.withValuesFile(values));
    JsonNode deployment = onlyOne(rendered, "Deployment");
    JsonNode container = deployment.at("/spec/template/spec/containers/0");

    assertThat(container.path("image").asText())
        .isEqualTo("registry.example.com/platform/connect-k8s-operator:9.9.9");
    assertThat(container.path("imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(env(container))
        .containsEntry(
            "QUARKUS_OPERATOR_SDK_CONTROLLERS_KAFKACONNECTOR_NAMESPACES", "team-a,team-b")
        .containsEntry("OPERATOR_LOG_LEVEL", "DEBUG");
    assertThat(container.at("/resources/requests/cpu").asText()).isEqualTo("250m");
    assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("1Gi");
  }

  @Test
  void bindsItsRolesToTheOperatorServiceAccountInTheReleaseNamespace() {
    List<JsonNode> rendered = render(t -> t);
    String serviceAccount =
        onlyOne(rendered, "Deployment").at("/spec/template/spec/serviceAccountName").asText();
    assertThat(ofKind(rendered, "ServiceAccount"))
        .extracting(sa -> sa.at("/metadata/name").asText())
        .containsExactly(serviceAccount);

    List<JsonNode> bindings = new ArrayList<>(ofKind(rendered, "ClusterRoleBinding"));
    bindings.addAll(ofKind(rendered, "RoleBinding"));
    assertThat(bindings).isNotEmpty();
    for (JsonNode binding : bindings) {
      assertThat(binding.path("subjects")).hasSize(1);
      JsonNode subject = binding.at("/subjects/0");
      assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
      assertThat(subject.path("name").asText()).isEqualTo(serviceAccount);
      assertThat(subject.path("namespace").asText())
          .as("namespace of the subject of %s", binding.at("/metadata/name").asText())
          .isEqualTo(RELEASE_NAMESPACE);
    }
  }

  @Test
  void grantsExactlyTheOperatorsPermissions() {
    List<JsonNode> rendered = render(t -> t);
    assertThat(OperatorRbacTest.grants(OperatorRbacTest.rulesOf(rendered, "ClusterRole")))
        .isEqualTo(OperatorRbacTest.expand(OperatorRbacTest.CLUSTER_WIDE));
    assertThat(OperatorRbacTest.grants(OperatorRbacTest.rulesOf(rendered, "Role")))
        .isEqualTo(OperatorRbacTest.expand(OperatorRbacTest.OPERATOR_NAMESPACE));
  }

  static List<JsonNode> render(UnaryOperator<TemplateCommand> options) {
    TemplateCommand template =
        new Helm(CHART).template().withName("connect-k8s").withNamespace(RELEASE_NAMESPACE);
    String yaml = options.apply(template).call();
    try {
      return CrdSchema.documents(yaml);
    } catch (IOException e) {
      throw new AssertionError("helm template rendered invalid YAML:\n" + yaml, e);
    }
  }

  static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
    return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  static JsonNode onlyOne(List<JsonNode> documents, String kind) {
    List<JsonNode> matching = ofKind(documents, kind);
    assertThat(matching).as(kind).hasSize(1);
    return matching.get(0);
  }

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new TreeMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    return env;
  }
}
