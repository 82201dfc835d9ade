package io.confluent.csid.kafka.connect.k8s.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The operator's fast-jar in its own JVM, configured only by a kubeconfig, as it runs in a cluster
 * (prod profile: leader election on, server-side apply on).
 */
public final class OperatorProcess implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(OperatorProcess.class.getName());
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final ChildProcess process;

  private OperatorProcess(ChildProcess process) {
    this.process = process;
  }

  public static OperatorProcess start(
      Path jar, Path kubeconfig, Path dir, Map<String, String> env) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " missing: build it with ./mvnw -B -pl operator -am package -DskipTests");
    }
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> all = new HashMap<>(env);
    all.put("KUBECONFIG", kubeconfig.toString());
    all.put("QUARKUS_HTTP_PORT", String.valueOf(ControlPlane.freePort()));
    Path log = dir.resolve("operator.log");
    // A restarted operator appends to the same log: only lines after this marker count as its own.
    String marker = "=== bed: operator start " + System.nanoTime() + " ===";
    try {
      Files.writeString(
          log,
          marker + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChildProcess p =
        ChildProcess.start(
            "operator",
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-jar",
                jar.toString()),
            all,
            log);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try {
      while (!sinceMarker(LogTail.lastLines(log, 200), marker).contains(" started in ")) {
        p.assertAlive();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "operator not started after " + READY_TIMEOUT + ":\n" + LogTail.lastLines(log, 30));
        }
        ControlPlane.sleep(Duration.ofMillis(250));
      }
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    LOG.info(
        () -> "operator started after " + (System.nanoTime() - t0) / 1_000_000 + " ms, log " + log);
    return new OperatorProcess(p);
  }

  /** The tail from the marker on; all of it once the marker scrolled out (so did older lines). */
  private static String sinceMarker(String tail, String marker) {
    int at = tail.lastIndexOf(marker);
    return at < 0 ? tail : tail.substring(at);
  }

  public Path log() {
    return process.log();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the operator dies mid-whatever, as when its node fails. */
  public void kill() {
    process.kill();
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(10));
  }
}
