package io.confluent.csid.kafka.connect.k8s.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the bed with its output in a log file, stopped together with everything it
 * spawned: the bed must never leave orphans behind, even when a process forks helpers.
 */
public final class ChildProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public static ChildProcess start(
      String name, List<String> command, Map<String, String> extraEnv, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(extraEnv);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      return new ChildProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
    }
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Fails with the end of the log when the process already exited. */
  public void assertAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name
              + " exited with code "
              + process.exitValue()
              + "; last lines of "
              + log
              + ":\n"
              + LogTail.lastLines(log, 30));
    }
  }

  /** SIGTERM to the whole tree, then SIGKILL to whatever is left after {@code grace}. */
  public void stop(Duration grace) {
    stopTree(process.toHandle(), grace);
  }

  /**
   * SIGKILL to the whole tree and nothing else: unlike {@code stop(Duration.ZERO)}, which sends
   * SIGTERM first, the process gets no chance to run a shutdown hook (release a Lease, finish a
   * write), as when its node dies.
   */
  public void kill() {
    List<ProcessHandle> tree = new java.util.ArrayList<>(process.toHandle().descendants().toList());
    tree.add(0, process.toHandle());
    tree.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // a process in uninterruptible sleep: nothing more we can do
      }
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  /**
   * SIGTERM to the root only, as a container runtime signals PID 1; SIGKILL to everything left of
   * the tree after {@code grace}, as the runtime kills a container's remaining processes.
   */
  public static void stopTree(ProcessHandle root, Duration grace) {
    // Collect the descendants first: once the root dies they are re-parented and unreachable.
    List<ProcessHandle> tree = new java.util.ArrayList<>(root.descendants().toList());
    tree.add(0, root);
    root.destroy();
    try {
      root.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception timedOutOrInterrupted) {
      // SIGKILL below
    }
    tree.addAll(root.descendants().toList());
    tree.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // a process in uninterruptible sleep: nothing more we can do
      }
    }
  }
}
