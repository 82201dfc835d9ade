package io.confluent.csid.kafka.connect.k8s.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed OLM bundle (bundle/) carries what an OperatorHub listing needs. */
class OlmBundleTest {

  static JsonNode csv;

  @BeforeAll
  static void load() throws IOException {
    csv = CrdSchema.YAML.readTree(OperatorRbacTest.CSV.toFile());
  }

  @Test
  void listsTheOperatorForOperatorHub() {
    JsonNode spec = csv.path("spec");
    assertThat(spec.path("displayName").asText()).isEqualTo("connect-k8s");
    assertThat(spec.path("description").asText())
        .contains("without Connect worker clusters")
        .contains("KafkaConnector");
    assertThat(texts(spec.path("keywords"))).contains("kafka", "kafka-connect");
    assertThat(spec.path("links")).isNotEmpty();
    spec.path("links")
        .forEach(link -> assertThat(link.path("url").asText()).startsWith("https://"));
    assertThat(spec.path("maintainers")).isNotEmpty();
    assertThat(spec.at("/provider/name").asText()).isNotBlank().isNotEqualTo("root");
    assertThat(spec.path("minKubeVersion").asText()).isEqualTo("1.20.0");
    assertThat(spec.path("maturity").asText()).isEqualTo("alpha");
    assertThat(csv.at("/metadata/annotations/capabilities").asText()).isEqualTo("Basic Install");
  }

  @Test
  void carriesAnSvgIcon() {
    JsonNode icon = csv.at("/spec/icon/0");
    assertThat(icon.path("mediatype").asText()).isEqualTo("image/svg+xml");
    String svg =
        new String(
            Base64.getDecoder().decode(icon.path("base64data").asText()), StandardCharsets.UTF_8);
    assertThat(svg).startsWith("<svg").contains("</svg>");
  }

  @Test
  void supportsEveryInstallMode() {
    List<String> supported = new ArrayList<>();
    csv.at("/spec/installModes")
        .forEach(
            mode -> {
              if (mode.path("supported").asBoolean()) {
                supported.add(mode.path("type").asText());
              }
            });
    assertThat(supported)
        .containsExactlyInAnyOrder(
            "OwnNamespace", "SingleNamespace", "MultiNamespace", "AllNamespaces");
    // OLM tells the operator which namespaces to watch through this annotation.
    JsonNode env = csv.at("/spec/install/spec/deployments/0/spec/template/spec/containers/0/env");
    List<String> fieldPaths = new ArrayList<>();
    env.forEach(e -> fieldPaths.add(e.at("/valueFrom/fieldRef/fieldPath").asText()));
    assertThat(fieldPaths).contains("metadata.annotations['olm.targetNamespaces']");
  }

  @Test
  void ownsTheCommittedCrdWithADescription() throws IOException {
    JsonNode owned = csv.at("/spec/customresourcedefinitions/owned");
    assertThat(owned).hasSize(1);
    JsonNode crd = CrdSchema.committed().crd();
    assertThat(owned.at("/0/name").asText()).isEqualTo(crd.at("/metadata/name").asText());
    assertThat(owned.at("/0/version").asText()).isEqualTo("v1");
    assertThat(owned.at("/0/displayName").asText()).isEqualTo("Kafka Connector");
    assertThat(owned.at("/0/description").asText()).isNotBlank();

    JsonNode bundled =
        CrdSchema.YAML.readTree(
            CrdSchema.REPO
                .resolve("bundle/manifests/kafkaconnectors.io.confluent.csid-v1.crd.yml")
                .toFile());
    assertThat(bundled).isEqualTo(crd);
  }

  @Test
  void namesTheImageItRunsAndTheAlphaChannel() throws IOException {
    String image =
        csv.at("/spec/install/spec/deployments/0/spec/template/spec/containers/0/image").asText();
    assertThat(csv.at("/metadata/annotations/containerImage").asText()).isEqualTo(image);
    JsonNode annotations =
        CrdSchema.YAML.readTree(
            CrdSchema.REPO.resolve("bundle/metadata/annotations.yaml").toFile());
    assertThat(
            annotations
                .at("/annotations/operators.operatorframework.io.bundle.channels.v1")
                .asText())
        .isEqualTo("alpha");
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
