package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.config;
import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.connector;
import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.inputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.crd.PluginSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The plugins init container's args and environment: docs/pod-contract.md, plugins section. */
class PluginsInitContainerTest {

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void structuredPluginsAloneAlsoGetTheInitContainerAndTheVolume() {
    var connector = connector("files");
    connector
        .getSpec()
        .setPlugins(
            List.of(
                PluginSpec.hub("datagen", "confluentinc/kafka-connect-datagen:0.5.3"),
                PluginSpec.url("files", "https://example.com/f.jar", "ab".repeat(64))));

    for (String component : List.of("connector", "task")) {
      PodSpec pod = PodTemplates.build(connector, config(), inputs("h", 1), component).getSpec();
      Container init = pod.getInitContainers().get(0);
      assertThat(init.getArgs()).containsExactly("plugins");
      assertThat(env(init))
          .containsEntry(
              "CONNECT_K8S_PLUGINS",
              "[{\"name\":\"datagen\",\"hub\":\"confluentinc/kafka-connect-datagen:0.5.3\"},"
                  + "{\"name\":\"files\",\"url\":\"https://example.com/f.jar\",\"sha512\":\""
                  + "ab".repeat(64)
                  + "\"}]")
          .doesNotContainKey("CONNECT_K8S_PLUGINS_ALLOW_HTTP");
      assertThat(pod.getVolumes()).extracting(v -> v.getName()).contains("plugins");
      assertThat(pod.getContainers().get(0).getVolumeMounts())
          .extracting(m -> m.getMountPath())
          .contains("/var/lib/connect-k8s/plugins");
    }
  }

  @Test
  void theOperatorsSourcesLimitAndProxyReachTheInitContainer() {
    var connector = connector("files");
    connector.getSpec().setDownloadPlugins(List.of("confluentinc/kafka-connect-datagen:0.5.3"));
    connector.getSpec().setAllowInsecurePluginDownloads(true);

    Container init =
        PodTemplates.build(connector, config(), inputs("h", 1), "task")
            .getSpec()
            .getInitContainers()
            .get(0);

    assertThat(init.getArgs())
        .containsExactly("plugins", "confluentinc/kafka-connect-datagen:0.5.3");
    assertThat(env(init))
        .containsEntry("CONNECT_K8S_PLUGINS_HUB_URL", "https://hub.example.com/api/plugins")
        .containsEntry("CONNECT_K8S_PLUGINS_MAVEN_REPOSITORY", "https://maven.example.com/maven2")
        .containsEntry("CONNECT_K8S_PLUGINS_MAX_BYTES", "1000")
        .containsEntry("CONNECT_K8S_PLUGINS_ALLOW_HTTP", "true")
        .containsEntry("HTTPS_PROXY", "http://proxy.example.com:3128")
        .containsEntry("NO_PROXY", ".cluster.local")
        .doesNotContainKeys("HTTP_PROXY", "CONNECT_K8S_PLUGINS");
  }

  @Test
  void noPluginsNoInitContainer() {
    PodSpec pod =
        PodTemplates.build(connector("files"), config(), inputs("h", 1), "task").getSpec();
    assertThat(pod.getInitContainers()).isEmpty();
    assertThat(pod.getVolumes()).extracting(v -> v.getName()).doesNotContain("plugins");
  }
}
