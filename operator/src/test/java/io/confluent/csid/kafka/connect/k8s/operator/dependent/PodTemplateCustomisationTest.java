package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.config;
import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.connector;
import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.inputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.crd.ConnectorPort;
import io.confluent.csid.kafka.connect.k8s.operator.crd.PodTemplate;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PodTemplateCustomisationTest {

  @Test
  void templateReachesBothKindsOfPodsButNeverOverridesTheContract() {
    var connector = connector("files");
    PodTemplate template = new PodTemplate();
    template.setLabels(
        new TreeMap<>(Map.of("team", "data", "app.kubernetes.io/instance", "hijack")));
    template.setAnnotations(new TreeMap<>(Map.of("prometheus.io/scrape", "true")));
    template.setNodeSelector(new TreeMap<>(Map.of("disk", "ssd")));
    template.setTolerations(
        List.of(new TolerationBuilder().withKey("dedicated").withOperator("Exists").build()));
    template.setPriorityClassName("high");
    template.setEnv(
        List.of(new EnvVar("EXTRA", "1", null), new EnvVar("POD_NAME", "hijack", null)));
    template.setVolumes(
        List.of(
            new VolumeBuilder()
                .withName("certs")
                .withNewSecret()
                .withSecretName("tls")
                .endSecret()
                .build()));
    template.setVolumeMounts(
        List.of(new VolumeMountBuilder().withName("certs").withMountPath("/certs").build()));
    connector.getSpec().setTemplate(template);

    for (String component : List.of("connector", "task")) {
      var pod = PodTemplates.build(connector, config(), inputs("h", 1), component);
      var runner = pod.getSpec().getContainers().get(0);
      assertThat(pod.getMetadata().getLabels())
          .containsEntry("team", "data")
          .containsEntry("app.kubernetes.io/instance", "files");
      assertThat(pod.getMetadata().getAnnotations())
          .containsEntry("prometheus.io/scrape", "true")
          .containsKey(PodTemplates.CONFIG_HASH);
      assertThat(pod.getSpec().getNodeSelector()).isEqualTo(Map.of("disk", "ssd"));
      assertThat(pod.getSpec().getTolerations()).hasSize(1);
      assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("high");
      assertThat(runner.getEnv())
          .extracting(EnvVar::getName)
          .containsOnlyOnce("POD_NAME")
          .contains("EXTRA");
      assertThat(
              runner.getEnv().stream()
                  .filter(e -> e.getName().equals("POD_NAME"))
                  .findFirst()
                  .orElseThrow()
                  .getValue())
          .isNull();
      assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName()).contains("certs");
      assertThat(runner.getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/certs");
    }
  }

  @Test
  void listeningPortsAreOpenOnTaskPodsOnly() {
    var connector = connector("syslog");
    connector.getSpec().setPorts(List.of(new ConnectorPort("syslog", 5514, "UDP")));
    var task =
        PodTemplates.build(connector, config(), inputs("h", 1), "task")
            .getSpec()
            .getContainers()
            .get(0);
    var conn =
        PodTemplates.build(connector, config(), inputs("h", 1), "connector")
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(task.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort() + "/" + p.getProtocol())
        .containsExactly("runner:8080/TCP", "syslog:5514/UDP");
    assertThat(conn.getPorts()).extracting(p -> p.getName()).containsExactly("runner");
  }

  @Test
  void downloadedPluginsComeFromAnInitContainerIntoASharedEmptyDir() {
    var connector = connector("files");
    assertThat(
            PodTemplates.build(connector, config(), inputs("h", 1), "task")
                .getSpec()
                .getInitContainers())
        .isEmpty();
    connector.getSpec().setDownloadPlugins(List.of("confluentinc/kafka-connect-datagen:0.5.3"));
    var pod = PodTemplates.build(connector, config(), inputs("h", 1), "task").getSpec();
    assertThat(pod.getInitContainers())
        .singleElement()
        .satisfies(
            init -> {
              assertThat(init.getName()).isEqualTo("plugins");
              assertThat(init.getArgs())
                  .containsExactly("plugins", "confluentinc/kafka-connect-datagen:0.5.3");
              assertThat(init.getVolumeMounts().get(0).getMountPath())
                  .isEqualTo("/var/lib/connect-k8s/plugins");
            });
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains("/var/lib/connect-k8s/plugins");
  }
}
