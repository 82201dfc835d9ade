package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The founding example as written, {@code downloadPlugins:
 * ["confluentinc/kafka-connect-datagen:0.5.3"]} included, against a fixture Confluent Hub on
 * loopback: the operator is configured with the fixture's API URL (the air-gapped set-up of
 * docs/plugins.md), the fixture answers the founding coordinate with a Hub-format zip
 * (manifest.json + lib/) built here, and the pods' plugins init container installs it before the
 * runner starts.
 *
 * <p>Datagen itself is not reachable here, so the zip holds Kafka's MirrorMaker connectors, which
 * the runner image does not contain. The pods run on {@link Bed#PLAIN_RUNNER_IMAGE} (the bed's
 * default runner image bakes MirrorMaker in for TaskScalingE2E), so MirrorHeartbeatConnector
 * producing heartbeats proves the runner loaded the downloaded plugin. The fixture speaks plain
 * http, so the resource sets {@code allowInsecurePluginDownloads: true} (a test CA would need a
 * trust store inside the runner image; the https-only rule itself is covered by the runner's
 * tests).
 */
@ExtendWith(Bed.Extension.class)
class PluginDownloadE2E {

  private static final String NS = "plugins-e2e";
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final String OWNER = "confluentinc";
  private static final String NAME = "kafka-connect-datagen";
  private static final String VERSION = "0.5.3";

  @Test
  void foundingExampleInstallsItsHubPluginFromAMirrorAndRunsIt(Bed bed) throws Exception {
    List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer hub = fixtureHub(requests);
    try {
      String hubUrl = "http://127.0.0.1:" + hub.getAddress().getPort() + "/api/plugins";
      KubernetesClient client = bed.client();
      String bootstrap = bed.broker().bootstrapServers();
      bed.operator(Map.of("CONNECT_K8S_OPERATOR_PLUGINS_HUB_URL", hubUrl));
      ConnectorFixtures.createNamespace(bed, NS);
      Path manifest = bed.workDir().resolve("plugin-download-e2e.yaml");
      Files.writeString(manifest, foundingExample(client, bootstrap));
      bed.kubectl().run("apply", "-f", manifest.toString()).orFail();

      await()
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                for (String pod : List.of("test-connector-0", "test-tasks-0")) {
                  assertThat(ready(client.pods().inNamespace(NS).withName(pod).get()))
                      .as(pod)
                      .isTrue();
                }
              });

      // Each pod resolved the coordinate through the fixture's Hub API and verified the zip.
      assertThat(requests)
          .contains("/api/plugins/" + OWNER + "/" + NAME + "/versions/" + VERSION)
          .contains("/archive/" + OWNER + "-" + NAME + "-" + VERSION + ".zip");
      for (String pod : List.of("test-connector-0", "test-tasks-0")) {
        assertThat(bed.kubelet().log(NS, pod, "plugins"))
            .as(pod + " init container")
            .contains("Installed plugin " + OWNER + "-" + NAME);
        assertThat(bed.kubelet().log(NS, pod, "runner"))
            .as(pod + " runner")
            .contains("/var/lib/connect-k8s/plugins/" + OWNER + "-" + NAME + "/lib");
      }

      // The downloaded connector runs: heartbeats arrive.
      try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
        consumer.subscribe(List.of("heartbeats"));
        List<Object> received = new ArrayList<>();
        await()
            .atMost(TIMEOUT)
            .untilAsserted(
                () -> {
                  consumer.poll(Duration.ofMillis(500)).forEach(received::add);
                  assertThat(received).hasSizeGreaterThanOrEqualTo(3);
                });
      }
      await()
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(
                          bed.kubectl().run("-n", NS, "get", "kafkaconnectors").orFail().output())
                      .containsPattern("(?m)^test\\s.*\\bRUNNING\\b")
                      .containsPattern("(?m)^test\\s.*\\s1/1\\b"));
      System.out.println(
          bed.kubectl().run("-n", NS, "get", "kafkaconnectors,statefulsets,pods").output());
    } finally {
      bed.kubectl().run("delete", "namespace", NS, "--wait=false");
      // Later tests get an operator with the default settings.
      bed.stopOperator();
      hub.stop(0);
    }
  }

  @Test
  void aPluginWithTheWrongChecksumLeavesTheResourceFailedWithTheReason(Bed bed) throws Exception {
    String ns = "plugins-e2e-mismatch";
    byte[] jar = Files.readAllBytes(classpathJar("connect-mirror-client"));
    HttpServer files =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    files.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.sendResponseHeaders(200, jar.length);
            exchange.getResponseBody().write(jar);
          }
        });
    files.start();
    String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/files/pinned.jar";
    try {
      KubernetesClient client = bed.client();
      bed.operator();
      ConnectorFixtures.createNamespace(bed, ns);
      Path manifest = bed.workDir().resolve("plugin-mismatch-e2e.yaml");
      Files.writeString(
          manifest,
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Secret",
              "metadata: {name: worker-config, namespace: " + ns + "}",
              "stringData:",
              "  worker.properties: |",
              "    bootstrap.servers=" + bed.broker().bootstrapServers(),
              "---",
              "apiVersion: io.confluent.csid/v1",
              "kind: KafkaConnector",
              "metadata: {name: pinned, namespace: " + ns + "}",
              "spec:",
              "  workerConfigSecret: {name: worker-config}",
              "  allowInsecurePluginDownloads: true",
              "  plugins:",
              "    - name: pinned",
              "      url: " + url,
              // Quoted: 128 zeros would otherwise be a YAML number.
              "      sha512: \"" + "0".repeat(128) + "\"",
              "  connectorConfig:",
              "    connector.class: org.apache.kafka.connect.file.FileStreamSourceConnector",
              "    topic: never",
              "    file: /dev/null",
              ""));
      bed.kubectl().run("apply", "-f", manifest.toString()).orFail();

      String expected = "Plugin pinned (" + url + "): checksum mismatch: SHA-512 of " + url;
      await()
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                String status =
                    bed.kubectl()
                        .run(
                            "-n",
                            ns,
                            "get",
                            "kafkaconnector",
                            "pinned",
                            "-o",
                            "jsonpath={.status.connector.state}|{.status.connector.reason}"
                                + "|{.status.connector.lastFailureMessage}"
                                + "|{.status.conditions[?(@.type==\"Error\")].reason}")
                        .orFail()
                        .output();
                assertThat(status)
                    .startsWith("FAILED|ConfigInvalid|" + expected)
                    .contains("but spec (sha512) expects " + "0".repeat(128))
                    .endsWith("|ConfigInvalid");
              });
      // The runner never started: no plugin, no pod.
      assertThat(bed.kubelet().log(ns, "pinned-connector-0", "runner")).isEmpty();
    } finally {
      bed.kubectl().run("delete", "namespace", ns, "--wait=false");
      files.stop(0);
    }
  }

  /** The two resources a Hub mirror serves per version: the manifest and the zip. */
  private static HttpServer fixtureHub(List<String> requests) throws IOException {
    byte[] zip = hubZip();
    Map<String, byte[]> files = new ConcurrentHashMap<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    String archive = "/archive/" + OWNER + "-" + NAME + "-" + VERSION + ".zip";
    files.put(archive, zip);
    files.put(
        "/api/plugins/" + OWNER + "/" + NAME + "/versions/" + VERSION,
        ("{\"name\":\""
                + NAME
                + "\",\"version\":\""
                + VERSION
                + "\",\"owner\":{\"username\":\""
                + OWNER
                + "\"},\"archive\":{\"url\":\""
                + base
                + archive
                + "\",\"sha1\":\""
                + hex("SHA-1", zip)
                + "\",\"md5\":\""
                + hex("MD5", zip)
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8));
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            byte[] body = files.get(path);
            if (body == null) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.start();
    return server;
  }

  private static byte[] hubZip() throws IOException {
    String top = OWNER + "-" + NAME + "-" + VERSION + "/";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(top + "manifest.json"));
      zip.write(
          ("{\"name\":\""
                  + NAME
                  + "\",\"version\":\""
                  + VERSION
                  + "\",\"owner\":{\"username\":\""
                  + OWNER
                  + "\"},\"component_types\":[\"source\"]}")
              .getBytes(StandardCharsets.UTF_8));
      for (String artifact : List.of("connect-mirror", "connect-mirror-client")) {
        Path jar = classpathJar(artifact);
        zip.putNextEntry(new ZipEntry(top + "lib/" + jar.getFileName()));
        zip.write(Files.readAllBytes(jar));
      }
    }
    return bytes.toByteArray();
  }

  /**
   * deploy/examples/founding-example.yaml with its downloadPlugins kept, plain http allowed for the
   * fixture, the connector swapped for the heartbeat connector of the downloaded plugin, and the
   * worker Secret pointed at the bed's broker.
   */
  @SuppressWarnings("unchecked")
  private static String foundingExample(KubernetesClient client, String bootstrap)
      throws IOException {
    StringBuilder out = new StringBuilder();
    try (InputStream in =
        Files.newInputStream(Repo.root().resolve("deploy/examples/founding-example.yaml"))) {
      for (HasMetadata item : client.load(in).items()) {
        item.getMetadata().setNamespace(NS);
        if (item instanceof GenericKubernetesResource connector) {
          Map<String, Object> spec =
              (Map<String, Object>) connector.getAdditionalProperties().get("spec");
          assertThat((List<String>) spec.get("downloadPlugins"))
              .containsExactly(OWNER + "/" + NAME + ":" + VERSION);
          spec.put("allowInsecurePluginDownloads", true);
          // Only the download can provide the connector: no plugin is baked into this image.
          ((Map<String, Object>) spec.get("connector")).put("image", Bed.PLAIN_RUNNER_IMAGE);
          ((Map<String, Object>) spec.get("task")).put("image", Bed.PLAIN_RUNNER_IMAGE);
          Map<String, Object> config = new LinkedHashMap<>();
          config.put("connector.class", "org.apache.kafka.connect.mirror.MirrorHeartbeatConnector");
          config.put("tasks.max", "3");
          config.put("source.cluster.alias", "primary");
          config.put("target.cluster.alias", "backup");
          config.put("target.cluster.bootstrap.servers", bootstrap);
          config.put("source.cluster.bootstrap.servers", bootstrap);
          config.put("heartbeats.topic.replication.factor", "1");
          config.put("emit.heartbeats.interval.seconds", "1");
          config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
          config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
          spec.put("connectorConfig", config);
        } else if (item instanceof Secret secret) {
          ConnectorFixtures.pointAtBroker(secret, bootstrap);
        }
        out.append("---\n").append(Serialization.asYaml(item).replaceFirst("^---\n", ""));
      }
    }
    return out.toString();
  }

  private static Path classpathJar(String artifact) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of)
        .filter(p -> p.getFileName().toString().matches(artifact + "-[0-9.]+\\.jar"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(artifact + " not on the classpath"));
  }

  private static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "plugin-download-e2e");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static boolean ready(Pod pod) {
    return pod != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
