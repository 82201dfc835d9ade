package io.confluent.csid.kafka.connect.k8s.bench.connect;

import io.confluent.csid.kafka.connect.k8s.e2e.KafkaBroker;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.file.FileStreamSourceConnector;

/**
 * What the runner and the peer share in one benchmark run: ONE KRaft broker process (the e2e bed's
 * {@code KafkaBrokerMain}), one plugin directory holding connect-file, the same converters and the
 * same plugin discovery. The runner's task processes also get a mock API server for the
 * target-state ConfigMap their pod would read.
 */
final class BenchEnv implements AutoCloseable {

  static final String NAMESPACE = "bench";
  static final String STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";

  private final Path repo;
  private final Path work;
  private final KafkaBroker broker;
  private final Topics topics;
  private final KubernetesMockServer api;
  private final Path plugins;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private BenchEnv(
      Path repo, Path work, KafkaBroker broker, KubernetesMockServer api, Path plugins) {
    this.repo = repo;
    this.work = work;
    this.broker = broker;
    this.topics = new Topics(broker.bootstrapServers());
    this.api = api;
    this.plugins = plugins;
  }

  static BenchEnv start(Path repo, Path work) {
    try {
      Files.createDirectories(work);
      Path plugins = work.resolve("plugins");
      Path fileConnector = plugins.resolve("connect-file");
      Files.createDirectories(fileConnector);
      Path jar =
          Path.of(
              FileStreamSourceConnector.class
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI());
      Files.copy(
          jar, fileConnector.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"));
      KubernetesMockServer api =
          new KubernetesMockServer(
              new Context(),
              new MockWebServer(),
              new HashMap<>(),
              new KubernetesCrudDispatcher(),
              false);
      api.init();
      return new BenchEnv(repo, work, broker, api, plugins);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  Path repo() {
    return repo;
  }

  Path work() {
    return work;
  }

  Topics topics() {
    return topics;
  }

  Path pluginDir() {
    return plugins;
  }

  Path runnerJar() {
    return repo.resolve("runner/target/quarkus-app/quarkus-run.jar");
  }

  /**
   * The worker settings both sides run with. Connect's defaults everywhere else (producer and
   * consumer settings, offset flush interval), so neither side is tuned.
   */
  Map<String, String> workerProps(String discovery) {
    Map<String, String> props = new TreeMap<>();
    props.put("bootstrap.servers", broker.bootstrapServers());
    props.put("key.converter", STRING_CONVERTER);
    props.put("value.converter", STRING_CONVERTER);
    props.put("plugin.path", plugins.toString());
    props.put("plugin.discovery", discovery);
    props.put("offset.storage.replication.factor", "1");
    props.put("config.storage.replication.factor", "1");
    props.put("status.storage.replication.factor", "1");
    return props;
  }

  /** What points a runner process at the API server, as in-cluster config would. */
  Map<String, String> apiEnv() {
    return Map.of(
        "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL",
        "http://" + api.getHostName() + ":" + api.getPort(),
        "QUARKUS_KUBERNETES_CLIENT_NAMESPACE",
        NAMESPACE,
        "POD_NAMESPACE",
        NAMESPACE);
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    topics.close();
    api.destroy();
    broker.close();
  }
}
