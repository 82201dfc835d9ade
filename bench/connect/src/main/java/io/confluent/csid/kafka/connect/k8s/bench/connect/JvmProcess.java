package io.confluent.csid.kafka.connect.k8s.bench.connect;

import io.confluent.csid.kafka.connect.k8s.e2e.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One measured JVM (a runner task process or the Connect peer): when it was started, its pid for
 * {@code /proc}, its log, and the e2e bed's tree-wide stop.
 */
final class JvmProcess implements AutoCloseable {

  private final ChildProcess process;
  private final long startedAtMillis;
  private final long startedAtNanos;

  private JvmProcess(ChildProcess process, long startedAtMillis, long startedAtNanos) {
    this.process = process;
    this.startedAtMillis = startedAtMillis;
    this.startedAtNanos = startedAtNanos;
  }

  static JvmProcess start(
      String name,
      List<String> jvmFlags,
      List<String> mainAndArgs,
      Map<String, String> env,
      Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(mainAndArgs);
    try {
      Files.createDirectories(log.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Taken right before fork/exec: "process start" in every start-up figure.
    long millis = System.currentTimeMillis();
    long nanos = System.nanoTime();
    return new JvmProcess(ChildProcess.start(name, command, env, log), millis, nanos);
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return process.log();
  }

  long startedAtMillis() {
    return startedAtMillis;
  }

  /** Milliseconds since the fork, on the monotonic clock. */
  long elapsedMillis() {
    return (System.nanoTime() - startedAtNanos) / 1_000_000;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  void assertAlive() {
    process.assertAlive();
  }

  /** Resident set size of the process, in MiB, from {@code /proc/<pid>/status}. */
  double rssMiB() {
    return ProcStatus.kib(pid(), "VmRSS") / 1024.0;
  }

  /** SIGTERM (what Kubernetes sends), SIGKILL after the grace. */
  void stop(Duration grace) {
    process.stop(grace);
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(20));
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
