package io.confluent.csid.kafka.connect.k8s.runner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * The shape every runner process shares: start, run until SIGTERM/SIGINT or a failure, stop within
 * a bound, exit with the contract's code (0 stopped, 1 failed, 2 bad input) and leave the reason in
 * the termination message.
 */
@ApplicationScoped
public class ProcessLifecycle {

  private static final Logger LOG = Logger.getLogger(ProcessLifecycle.class);

  /** Starts the process's parts, registering each to be closed (last registered, first closed). */
  @FunctionalInterface
  public interface Starter {
    void start(Consumer<AutoCloseable> closeOnStop) throws Exception;
  }

  @Inject RunnerStatus status;

  private final CompletableFuture<String> stopRequested = new CompletableFuture<>();

  /** Lets local mode end by itself (after --duration or --max-records) like a Ctrl-C would. */
  public void requestStop(String why) {
    stopRequested.complete(why);
  }

  public int run(Path terminationLog, Duration shutdownTimeout, Starter starter) {
    // Replaces the JVM's default handlers (which would run shutdown hooks and exit 143) so that a
    // stop on request commits offsets and exits 0, as the pod contract says.
    handle("TERM");
    handle("INT");
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      starter.start(resources::push);
    } catch (Throwable e) {
      BadInputException bad = badInput(e);
      if (bad != null) {
        LOG.error(bad.getMessage());
        TerminationMessage.write(terminationLog, bad.getMessage(), null);
        closeAll(resources, shutdownTimeout);
        return PodContract.EXIT_BAD_INPUT;
      }
      status.fail("Start-up failed: " + TerminationMessage.reason(e), e);
    }
    CompletableFuture.anyOf(stopRequested, status.failure()).join();
    if (status.failure().isDone()) {
      Throwable cause = status.failure().join();
      LOG.error(status.failureReason(), cause);
      TerminationMessage.write(terminationLog, status.failureReason(), cause);
      closeAll(resources, shutdownTimeout);
      return PodContract.EXIT_FAILED;
    }
    LOG.infof(
        "Stopping (%s), committing offsets; at most %ss",
        stopRequested.join(), shutdownTimeout.toSeconds());
    if (!closeAll(resources, shutdownTimeout)) {
      String reason = "Did not stop within " + shutdownTimeout.toSeconds() + "s";
      LOG.error(reason);
      TerminationMessage.write(terminationLog, reason, null);
      return PodContract.EXIT_FAILED;
    }
    status.set(RunnerStatus.State.STOPPED);
    LOG.info("Stopped");
    return PodContract.EXIT_STOPPED;
  }

  private void handle(String signal) {
    try {
      Signal.handle(new Signal(signal), s -> stopRequested.complete("SIG" + s.getName()));
    } catch (IllegalArgumentException e) {
      LOG.debugf("Signal %s not available: %s", signal, e.getMessage());
    }
  }

  private static BadInputException badInput(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BadInputException bad) {
        return bad;
      }
    }
    return null;
  }

  /** Closes everything in a helper thread so a stuck connector cannot exceed the bound. */
  private static boolean closeAll(Deque<AutoCloseable> resources, Duration timeout) {
    Thread closer =
        new Thread(
            () -> {
              while (!resources.isEmpty()) {
                AutoCloseable resource = resources.pop();
                try {
                  resource.close();
                } catch (Exception | LinkageError e) {
                  LOG.warn("Error while stopping " + resource.getClass().getSimpleName(), e);
                }
              }
            },
            "runner-shutdown");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(TimeUnit.MILLISECONDS.convert(timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !closer.isAlive();
  }
}
