package io.confluent.csid.kafka.connect.k8s.runner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The built runner ({@code target/quarkus-app/quarkus-run.jar}, as in the image) started as a child
 * process with the pod's environment: exit codes, signals and the termination message are the real
 * ones.
 */
public final class RunnerProcess implements AutoCloseable {

  private final Process process;
  private final Path output;
  private final Path terminationLog;
  private static final int FIRST_PORT = 20_000;
  private static final int LAST_PORT = 32_000;

  private final int httpPort;

  private RunnerProcess(Process process, Path output, Path terminationLog, int httpPort) {
    this.process = process;
    this.output = output;
    this.terminationLog = terminationLog;
    this.httpPort = httpPort;
  }

  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  public int httpPort() {
    return httpPort;
  }

  public String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String terminationMessage() {
    try {
      return Files.exists(terminationLog) ? Files.readString(terminationLog) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the exit code; fails the test with the output if the process hangs. */
  public int waitForExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("Runner did not exit within " + timeout + ":\n" + output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  /** What Kubernetes does to stop a pod. */
  public void sigterm() {
    process.destroy();
  }

  /** A node dying or an OOM kill: no chance to commit. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
    // Kept after the temporary directory is gone, for post-mortems of failed tests.
    try {
      Path logs = Path.of("target", "it-logs");
      Files.createDirectories(logs);
      Files.copy(
          output,
          logs.resolve(output.getParent().getFileName() + "-" + output.getFileName()),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // Best effort only.
    }
  }

  /** Environment and arguments of one runner process. */
  public static final class Builder {
    private final Path workDir;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> args = new ArrayList<>();

    private Builder(Path workDir) {
      this.workDir = workDir;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    public Builder env(Map<String, String> values) {
      env.putAll(values);
      return this;
    }

    public Builder args(String... values) {
      args.addAll(List.of(values));
      return this;
    }

    public RunnerProcess start() {
      try {
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "runner", ".log");
        Path termination = workDir.resolve("termination-log-" + out.getFileName());
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small and quick: several of these share two cores with the broker.
        command.addAll(
            List.of(
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar"));
        command.add(
            Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.directory(workDir.toFile());
        builder.redirectErrorStream(true);
        builder.redirectOutput(out.toFile());
        builder.environment().put("CONNECT_K8S_TERMINATION_LOG", termination.toString());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().putAll(env);
        return new RunnerProcess(builder.start(), out, termination, port);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Where this JVM's next port is tried: its own stretch of 10, so parallel test JVMs rarely meet.
   */
  private static final AtomicInteger NEXT_PORT =
      new AtomicInteger(FIRST_PORT + (int) (ProcessHandle.current().pid() % 1_000) * 10);

  /**
   * A port below Linux's ephemeral range (32768 and up). A port found free there can be taken by
   * any outgoing connection of the dozen runner JVMs and the broker before the runner binds it
   * seconds later (seen: "Port ... seems to be in use", the task never started); below the range
   * nothing is assigned implicitly.
   */
  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 2 * (LAST_PORT - FIRST_PORT); attempt++) {
      int port = NEXT_PORT.getAndIncrement();
      if (port >= LAST_PORT) {
        NEXT_PORT.set(FIRST_PORT);
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException busy) {
        // Someone else's: try the next.
      }
    }
    throw new IOException("no free port in " + FIRST_PORT + ".." + LAST_PORT);
  }
}
