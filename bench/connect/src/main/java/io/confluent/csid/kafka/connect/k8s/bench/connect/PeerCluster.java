package io.confluent.csid.kafka.connect.k8s.bench.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The driver's handle on the peer JVM ({@link PeerWorkerMain}) and its REST API, the way users
 * manage connectors on a Connect cluster.
 */
final class PeerCluster implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * Jars the peer JVM does not get: the broker, the driver's Kubernetes mock, test frameworks, and
   * the connectors themselves, which it loads from the shared plugin.path like the runner.
   */
  private static final List<String> NOT_FOR_PEER =
      List.of(
          "kubernetes-",
          "vertx-",
          "netty-",
          "mockwebserver",
          "zjsonpatch",
          "scala-",
          "kafka_2.13",
          "kafka-server-",
          "kafka-server.",
          "kafka-raft",
          "kafka-storage",
          "kafka-metadata",
          "coordinator",
          "kafka-test-common",
          "connect-file",
          "connect-test-plugins",
          "connect-k8s-e2e",
          "junit-",
          "opentest4j",
          "apiguardian");

  private final JvmProcess process;
  private final URI rest;
  private final long restReadyMillis;

  private PeerCluster(JvmProcess process, URI rest, long restReadyMillis) {
    this.process = process;
    this.rest = rest;
    this.restReadyMillis = restReadyMillis;
  }

  static PeerCluster start(
      BenchEnv env,
      String name,
      int workers,
      Map<String, String> workerProps,
      List<String> jvmFlags)
      throws InterruptedException {
    Path dir = env.work().resolve("peer").resolve(name);
    Path urlFile = dir.resolve("rest-url");
    Map<String, String> props = new TreeMap<>(workerProps);
    props.putIfAbsent("group.id", "bench-peer-" + name);
    props.putIfAbsent("offset.storage.topic", "bench-peer-" + name + "-offsets");
    props.putIfAbsent("config.storage.topic", "bench-peer-" + name + "-configs");
    props.putIfAbsent("status.storage.topic", "bench-peer-" + name + "-status");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(urlFile);
      Files.writeString(
          dir.resolve("worker.properties"),
          props.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("\n")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> flags = new ArrayList<>(jvmFlags);
    flags.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    // The same client and config dumps the runner turns down to WARN in its pods.
    for (String quiet :
        List.of(
            "org.apache.kafka.clients.consumer.ConsumerConfig",
            "org.apache.kafka.clients.producer.ProducerConfig",
            "org.apache.kafka.clients.admin.AdminClientConfig",
            "org.apache.kafka.common.config.AbstractConfig",
            "org.apache.kafka.connect.runtime.distributed.DistributedConfig",
            "org.apache.kafka.connect.runtime.SourceConnectorConfig",
            "org.apache.kafka.connect.runtime.SinkConnectorConfig",
            "org.apache.kafka.connect.runtime.TaskConfig",
            "org.apache.kafka.connect.runtime.ConnectorConfig")) {
      flags.add("-Dorg.slf4j.simpleLogger.log." + quiet + "=warn");
    }
    flags.add("-cp");
    flags.add(peerClasspath());
    JvmProcess p =
        JvmProcess.start(
            "peer-" + name,
            flags,
            List.of(
                PeerWorkerMain.class.getName(),
                dir.resolve("worker.properties").toString(),
                String.valueOf(workers),
                urlFile.toString()),
            Map.of(),
            dir.resolve("peer.log"));
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!Files.exists(urlFile)) {
      p.assertAlive();
      if (System.nanoTime() > deadline) {
        p.close();
        throw new IllegalStateException("peer workers not up after 3 min, log " + p.log());
      }
      Thread.sleep(20);
    }
    long ready = p.elapsedMillis();
    try {
      String first = Files.readString(urlFile).lines().findFirst().orElseThrow();
      return new PeerCluster(p, URI.create(first.endsWith("/") ? first : first + "/"), ready);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String peerClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(
            entry -> {
              String file = Path.of(entry).getFileName().toString();
              return NOT_FOR_PEER.stream().noneMatch(file::contains);
            })
        .collect(Collectors.joining(File.pathSeparator));
  }

  JvmProcess process() {
    return process;
  }

  /** Milliseconds from the fork until every worker's REST server answered. */
  long restReadyMillis() {
    return restReadyMillis;
  }

  /** {@code PUT /connectors/<name>/config}: creates or reconfigures. */
  void putConnector(String name, Map<String, String> config) {
    try {
      send(
          HttpRequest.newBuilder(rest.resolve("connectors/" + name + "/config"))
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void deleteConnector(String name) {
    send(HttpRequest.newBuilder(rest.resolve("connectors/" + name)).DELETE().build());
  }

  private void send(HttpRequest request) {
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      // 409: the herder is rebalancing or behind its config topic; Connect asks clients to retry.
      for (int retry = 0; r.statusCode() == 409 && retry < 150; retry++) {
        Thread.sleep(200);
        r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      }
      if (r.statusCode() >= 400) {
        throw new IllegalStateException(
            request.method() + " " + request.uri() + " -> " + r.statusCode() + " " + r.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
