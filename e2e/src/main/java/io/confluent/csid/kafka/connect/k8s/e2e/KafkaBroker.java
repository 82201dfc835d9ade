package io.confluent.csid.kafka.connect.k8s.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/** The bed's Kafka broker: {@link KafkaBrokerMain} in a child JVM on this module's classpath. */
public final class KafkaBroker implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(KafkaBroker.class.getName());
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final ChildProcess process;
  private final String bootstrapServers;

  private KafkaBroker(ChildProcess process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  public static KafkaBroker start(Path dir) {
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(dir);
      ChildProcess p =
          ChildProcess.start(
              "kafka-broker",
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx384m",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  KafkaBrokerMain.class.getName(),
                  dir.toString(),
                  String.valueOf(ControlPlane.freePort()),
                  String.valueOf(ControlPlane.freePort())),
              Map.of(),
              dir.resolve("broker.log"));
      Path ready = dir.resolve("bootstrap");
      long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
      while (!Files.exists(ready)) {
        try {
          p.assertAlive();
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("broker not ready after " + READY_TIMEOUT);
          }
        } catch (RuntimeException e) {
          p.close();
          throw e;
        }
        ControlPlane.sleep(Duration.ofMillis(200));
      }
      String bootstrap = Files.readString(ready).trim();
      LOG.info(
          () ->
              "Kafka broker on "
                  + bootstrap
                  + " after "
                  + (System.nanoTime() - t0) / 1_000_000
                  + " ms");
      return new KafkaBroker(p, bootstrap);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(15));
  }
}
