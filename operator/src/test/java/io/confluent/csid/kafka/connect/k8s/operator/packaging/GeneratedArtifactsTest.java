package io.confluent.csid.kafka.connect.k8s.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync/check step on a miniature build output, so each failure it reports is real. */
class GeneratedArtifactsTest {

  @TempDir Path repo;
  Path target;
  GeneratedArtifacts artifacts;

  @BeforeEach
  void fakeBuildOutput() throws IOException {
    target = repo.resolve("operator/target");
    write(
        "operator/target/kubernetes/" + GeneratedArtifacts.CRD_FILE,
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        spec:
          versions:
          - name: v1
            additionalPrinterColumns:
            - {name: Age, jsonPath: .metadata.creationTimestamp}
            - {name: State, jsonPath: .status.connector.state}
            - {name: Class, jsonPath: .status.connectorClass}
            - {name: Tasks, jsonPath: .status.tasksReady}
        """);
    write("operator/target/kubernetes/kubernetes.yml", "kind: Deployment\n");
    String chart = "operator/target/helm/kubernetes/" + GeneratedArtifacts.CHART + "/";
    write(chart + "Chart.yaml", "name: connect-k8s-operator\n");
    write(
        chart + "values.yaml",
        "operator:\n  envs:\n    OPERATOR_LOG_LEVEL: INFO\n  logLevel: INFO\n");
    write(
        chart + "values.schema.json",
        "{\"properties\":{\"operator\":{\"properties\":{\"envs\":{},\"logLevel\":{}}}}}");
    write(
        chart + "README.md",
        "| `operator.envs.OPERATOR_LOG_LEVEL` | | INFO |\n| `operator.logLevel` | | INFO |\n");
    String bundle = "operator/target/bundle/" + GeneratedArtifacts.CHART + "/";
    write(
        bundle + "manifests/connect-k8s-operator.clusterserviceversion.yaml",
        "metadata:\n  annotations:\n    createdAt: 2026-11-24T05:00:00Z\n    capabilities: Basic"
            + " Install\n");
    write(
        bundle + "manifests/kafkaconnectors.io.confluent.csid-v1.crd.yml",
        Files.readString(target.resolve("kubernetes/" + GeneratedArtifacts.CRD_FILE)));
    artifacts = new GeneratedArtifacts(repo, target);
  }

  @Test
  void syncedCopiesPassTheCheck() throws IOException {
    assertThat(artifacts.check()).isNotEmpty();
    artifacts.sync();
    assertThat(artifacts.check()).isEmpty();
    assertThat(repo.resolve("deploy/helm/connect-k8s-operator/crds/" + GeneratedArtifacts.CRD_FILE))
        .hasSameTextualContentAs(repo.resolve("deploy/crds/" + GeneratedArtifacts.CRD_FILE));
  }

  @Test
  void checkNamesEachChangedMissingOrStaleFileAndTheFix() throws IOException {
    artifacts.sync();
    write("deploy/crds/" + GeneratedArtifacts.CRD_FILE, "edited by hand\n");
    Files.delete(repo.resolve("deploy/operator/operator.yaml"));
    write("bundle/manifests/old.yaml", "left over\n");

    assertThat(artifacts.check())
        .containsExactly(
            "Generated file bundle/manifests/old.yaml is no longer generated; run: "
                + GeneratedArtifacts.FIX_COMMAND,
            "Generated file deploy/crds/kafkaconnectors.io.confluent.csid-v1.yml differs from the"
                + " build output; run: "
                + GeneratedArtifacts.FIX_COMMAND,
            "Generated file deploy/operator/operator.yaml is missing; run: "
                + GeneratedArtifacts.FIX_COMMAND);
  }

  @Test
  void syncRemovesFilesTheBuildNoLongerMakes() throws IOException {
    write("bundle/manifests/old.yaml", "left over\n");
    artifacts.sync();
    assertThat(repo.resolve("bundle/manifests/old.yaml")).doesNotExist();
  }

  @Test
  void ordersPrinterColumnsForKubectlGet() throws IOException {
    artifacts.sync();
    JsonNode crd =
        CrdSchema.YAML.readTree(
            repo.resolve("deploy/crds/" + GeneratedArtifacts.CRD_FILE).toFile());
    List<String> names = new ArrayList<>();
    crd.at("/spec/versions/0/additionalPrinterColumns")
        .forEach(c -> names.add(c.path("name").asText()));
    assertThat(names).containsExactly("Class", "State", "Tasks", "Age");
  }

  @Test
  void dropsChartValuesNoTemplateReadsAndTheCsvTimestamp() throws IOException {
    artifacts.sync();
    Path chart = repo.resolve("deploy/helm/connect-k8s-operator");
    assertThat(Files.readString(chart.resolve("values.yaml")))
        .doesNotContain("envs")
        .contains("logLevel");
    assertThat(Files.readString(chart.resolve("values.schema.json")))
        .doesNotContain("envs")
        .contains("logLevel");
    assertThat(Files.readString(chart.resolve("README.md")))
        .doesNotContain("operator.envs")
        .contains("operator.logLevel");
    assertThat(
            Files.readString(
                repo.resolve("bundle/manifests/connect-k8s-operator.clusterserviceversion.yaml")))
        .doesNotContain("createdAt")
        .contains("capabilities");
  }

  private void write(String path, String content) throws IOException {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
