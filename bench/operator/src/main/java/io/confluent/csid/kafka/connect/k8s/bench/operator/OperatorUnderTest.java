package io.confluent.csid.kafka.connect.k8s.bench.operator;

import io.confluent.csid.kafka.connect.k8s.e2e.ControlPlane;
import io.confluent.csid.kafka.connect.k8s.e2e.OperatorProcess;
import io.confluent.csid.kafka.connect.k8s.e2e.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's production fast-jar started by the e2e bed's {@link OperatorProcess} (prod
 * profile: leader election and server-side apply on, -Xmx256m, SerialGC), plus what the bench reads
 * from it: its pid for /proc and its HTTP port for /q/metrics.
 */
final class OperatorUnderTest implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:/]+:(\\d+)");

  private final OperatorProcess process;
  private final long pid;
  private final URI metrics;
  // HTTP/1.1: the JDK client's default h2c upgrade on plain http gets a GOAWAY from Vert.x under
  // load.
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private OperatorUnderTest(OperatorProcess process, long pid, int port) {
    this.process = process;
    this.pid = pid;
    this.metrics = URI.create("http://127.0.0.1:" + port + "/q/metrics");
  }

  static OperatorUnderTest start(
      ControlPlane cp, String operatorNamespace, Path dir, Map<String, String> env) {
    // -Dbench.operator.jar compares another build (e.g. a copy of main's) on the same bed.
    Path jar =
        Path.of(System.getProperty("bench.operator.jar", Repo.operatorJar().toString()))
            .toAbsolutePath();
    OperatorProcess process =
        OperatorProcess.start(jar, cp.kubeconfigInNamespace(operatorNamespace), dir, env);
    try {
      // OperatorProcess keeps its child private: find it among ours by the jar it runs.
      long pid =
          ProcessHandle.current()
              .descendants()
              .filter(
                  p -> p.info().commandLine().map(c -> c.contains(jar.toString())).orElse(false))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no child process runs " + jar))
              .pid();
      Matcher m = LISTENING.matcher(Files.readString(process.log()));
      if (!m.find()) {
        throw new IllegalStateException("no 'Listening on' line in " + process.log());
      }
      return new OperatorUnderTest(process, pid, Integer.parseInt(m.group(1)));
    } catch (IOException e) {
      process.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
  }

  long pid() {
    return pid;
  }

  Path log() {
    return process.log();
  }

  /** The JOSDK counters ({@code operator_sdk_*}), summed over their labels. */
  Map<String, Double> sdkCounters() {
    return PrometheusText.sums(scrape(), "operator_sdk_");
  }

  /**
   * The JVM's own view, which RSS alone hides: RSS grows to the heap the JVM once committed, while
   * the live data after the last major GC is what the caches and in-flight work really hold.
   */
  String jvm() {
    String text = scrape();
    double live =
        PrometheusText.sums(text, "jvm_gc_live_data_size_bytes").values().stream()
            .mapToDouble(Double::doubleValue)
            .sum();
    double heapCommitted =
        PrometheusText.sumsWhere(text, "jvm_memory_committed_bytes", "area=\"heap\"")
            .values()
            .stream()
            .mapToDouble(Double::doubleValue)
            .sum();
    double nonHeap =
        PrometheusText.sumsWhere(text, "jvm_memory_used_bytes", "area=\"nonheap\"")
            .values()
            .stream()
            .mapToDouble(Double::doubleValue)
            .sum();
    double threads =
        PrometheusText.sums(text, "jvm_threads_live_threads").values().stream()
            .mapToDouble(Double::doubleValue)
            .sum();
    return "live heap after last major GC %d MiB, heap committed %d MiB, non-heap used %d MiB, %d threads"
        .formatted(mib(live), mib(heapCommitted), mib(nonHeap), (long) threads);
  }

  private static long mib(double bytes) {
    return Math.round(bytes / 1024 / 1024);
  }

  private String scrape() {
    HttpRequest request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).build();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
          // A busy machine drops a connection now and then; three in a row is a real problem.
          if (attempt == 3) {
            throw new UncheckedIOException(e);
          }
          Thread.sleep(500);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.close();
  }
}
