package io.confluent.csid.kafka.connect.k8s.operator;

import io.confluent.csid.kafka.connect.k8s.operator.config.OperatorConfig;
import io.confluent.csid.kafka.connect.k8s.operator.crd.ConnectorConfig;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorSpec;
import io.confluent.csid.kafka.connect.k8s.operator.crd.SecretKeyReference;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.DesiredInputs;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.PublishedTaskConfigs;
import java.util.Map;
import java.util.TreeMap;

/** Fixtures shared by the unit tests: a small valid KafkaConnector and operator settings. */
public final class TestConnectors {

  public static final String IMAGE = "example/runner:1.0";

  private TestConnectors() {}

  public static KafkaConnector connector(String name) {
    KafkaConnector connector = new KafkaConnector();
    connector.getMetadata().setName(name);
    connector.getMetadata().setNamespace("ns");
    connector.getMetadata().setGeneration(1L);
    connector
        .getMetadata()
        .setLabels(new TreeMap<>(Map.of("project", "billing", "cost-center", "42")));
    KafkaConnectorSpec spec = new KafkaConnectorSpec();
    spec.setConnectorConfig(
        ConnectorConfig.of(
            Map.of(
                "connector.class", "FileStreamSource",
                "tasks.max", "3",
                "topic", "lines",
                "file", "/tmp/in.txt")));
    spec.setWorkerConfigSecret(new SecretKeyReference("worker", "connect.properties"));
    connector.setSpec(spec);
    return connector;
  }

  public static OperatorConfig config() {
    return new OperatorConfig() {
      @Override
      public String runnerImage() {
        return IMAGE;
      }

      @Override
      public int runnerHttpPort() {
        return 8080;
      }

      @Override
      public long terminationGracePeriodSeconds() {
        return 60;
      }

      @Override
      public java.util.Optional<String> leaseNamespace() {
        return java.util.Optional.empty();
      }

      @Override
      public PluginDownloads plugins() {
        return PLUGIN_DOWNLOADS;
      }
    };
  }

  /** The defaults, plus a proxy the operator forwards. */
  public static final OperatorConfig.PluginDownloads PLUGIN_DOWNLOADS =
      new OperatorConfig.PluginDownloads() {
        @Override
        public String hubUrl() {
          return "https://hub.example.com/api/plugins";
        }

        @Override
        public String mavenRepository() {
          return "https://maven.example.com/maven2";
        }

        @Override
        public long maxBytes() {
          return 1000;
        }

        @Override
        public java.util.Optional<String> httpsProxy() {
          return java.util.Optional.of("http://proxy.example.com:3128");
        }

        @Override
        public java.util.Optional<String> httpProxy() {
          return java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<String> noProxy() {
          return java.util.Optional.of(".cluster.local");
        }
      };

  public static DesiredInputs inputs(String configHash, int published) {
    return new DesiredInputs(
        configHash,
        "logging-hash",
        published == 0
            ? PublishedTaskConfigs.NONE
            : new PublishedTaskConfigs(published, "tasks-" + published),
        true);
  }
}
