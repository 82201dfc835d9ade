package io.confluent.csid.kafka.connect.k8s.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/ installs with `kubectl apply -k deploy/` (or -f) into one consistent namespace. */
class KubectlManifestsTest {

  static final Path DEPLOY = CrdSchema.REPO.resolve("deploy");

  @Test
  void kustomizationNamesFilesThatExist() throws IOException {
    JsonNode kustomization = CrdSchema.YAML.readTree(DEPLOY.resolve("kustomization.yaml").toFile());
    assertThat(kustomization.path("resources")).isNotEmpty();
    kustomization
        .path("resources")
        .forEach(resource -> assertThat(DEPLOY.resolve(resource.asText())).isRegularFile());
    assertThat(Files.readString(DEPLOY.resolve("kustomization.yaml")))
        .contains("crds/" + GeneratedArtifacts.CRD_FILE)
        .contains("operator/operator.yaml");
  }

  @Test
  void everyObjectAndBindingSubjectIsInTheInstallNamespace() throws IOException {
    String namespace =
        CrdSchema.YAML
            .readTree(DEPLOY.resolve("kustomization.yaml").toFile())
            .path("namespace")
            .asText();
    JsonNode namespaceObject = CrdSchema.documents(DEPLOY.resolve("namespace.yaml")).get(0);
    assertThat(namespaceObject.at("/metadata/name").asText()).isEqualTo(namespace);

    List<JsonNode> manifests = CrdSchema.documents(OperatorRbacTest.PLAIN_MANIFESTS);
    for (JsonNode object : manifests) {
      String kind = object.path("kind").asText();
      if (!kind.startsWith("Cluster")) {
        assertThat(object.at("/metadata/namespace").asText()).as(kind).isEqualTo(namespace);
      }
      object
          .path("subjects")
          .forEach(
              subject ->
                  assertThat(subject.path("namespace").asText())
                      .as("subject of %s %s", kind, object.at("/metadata/name").asText())
                      .isEqualTo(namespace));
    }
  }

  @Test
  void runsOneOperatorUnderItsOwnServiceAccount() throws IOException {
    List<JsonNode> manifests = CrdSchema.documents(OperatorRbacTest.PLAIN_MANIFESTS);
    JsonNode deployment = HelmChartTest.onlyOne(manifests, "Deployment");
    JsonNode pod = deployment.at("/spec/template/spec");
    assertThat(pod.path("serviceAccountName").asText())
        .isEqualTo(
            HelmChartTest.onlyOne(manifests, "ServiceAccount").at("/metadata/name").asText());
    JsonNode container = pod.at("/containers/0");
    assertThat(container.path("image").asText()).contains("/connect-k8s-operator:");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
    assertThat(container.at("/resources/limits/memory").isMissingNode()).isFalse();
  }
}
