package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Fixtures under src/test/resources/fixtures, applied the way users do: kubectl apply -f. */
final class ConnectorFixtures {

  static final Duration TIMEOUT = Duration.ofSeconds(90);

  private ConnectorFixtures() {}

  /**
   * Creates a namespace and waits for its default ServiceAccount's token Secret: until the token
   * controller made it, the ServiceAccount admission plugin rejects every pod of the namespace.
   */
  static void createNamespace(Bed bed, String namespace) {
    bed.kubectl().run("create", "namespace", namespace).orFail();
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () ->
                !bed.client()
                    .serviceAccounts()
                    .inNamespace(namespace)
                    .withName("default")
                    .get()
                    .getSecrets()
                    .isEmpty());
  }

  /** The fixture with each {@code ${KEY}} replaced, applied with kubectl in the namespace. */
  static void apply(Bed bed, String namespace, String fixture, Map<String, String> values) {
    String yaml = read(fixture);
    for (Map.Entry<String, String> e : values.entrySet()) {
      yaml = yaml.replace("${" + e.getKey() + "}", e.getValue());
    }
    try {
      Path file = Files.createTempFile(bed.workDir(), "fixture-", ".yaml");
      Files.writeString(file, yaml);
      bed.kubectl().run("-n", namespace, "apply", "-f", file.toString()).orFail();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The worker Secret {@code worker-config}, pointed at the bed's broker. */
  static void applyWorkerConfig(Bed bed, String namespace) {
    apply(
        bed, namespace, "worker-config.yaml", Map.of("BOOTSTRAP", bed.broker().bootstrapServers()));
  }

  /**
   * The founding example's worker Secret, pointed at the bed's broker: its cloud cluster's address,
   * security settings and replication factors replaced (one broker), the rest kept as written, and
   * offsets flushed every second so that the scenarios see commits quickly.
   */
  static void pointAtBroker(Secret secret, String bootstrap) {
    String properties =
        secret
            .getStringData()
            .get("worker.properties")
            .lines()
            .filter(
                l ->
                    !l.matches(
                        "^(bootstrap\\.servers|security\\.protocol|sasl\\.[a-z.]+|.*replication\\.factor)=.*"))
            .collect(Collectors.joining("\n"));
    secret.setStringData(
        Map.of(
            "worker.properties",
            "bootstrap.servers="
                + bootstrap
                + "\n"
                + properties
                + "\noffset.storage.replication.factor=1\nconfig.storage.replication.factor=1"
                + "\nstatus.storage.replication.factor=1\noffset.flush.interval.ms=1000\n"));
  }

  /** A FileStreamSource-shaped KafkaConnector; {@code connectorClass} may be anything. */
  static void applyFileSource(
      Bed bed, String namespace, String name, String connectorClass, Path file, String topic) {
    apply(
        bed,
        namespace,
        "file-source-connector.yaml",
        Map.of("NAME", name, "CLASS", connectorClass, "FILE", file.toString(), "TOPIC", topic));
  }

  /** A fixture's path on disk, for kubectl to read as is. */
  static Path path(String fixture) {
    URL url = ConnectorFixtures.class.getResource("/fixtures/" + fixture);
    if (url == null) {
      throw new IllegalArgumentException("no fixture " + fixture);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(String fixture) {
    try (InputStream in = Files.newInputStream(path(fixture))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  static boolean ready(Pod pod) {
    return pod != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
