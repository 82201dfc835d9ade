package io.confluent.csid.kafka.connect.k8s.runner;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;

/**
 * What the process is doing, as health checks and the main thread see it. The first failure wins
 * and ends the process: Kubernetes restarts the pod, which is Connect's "restart the task".
 */
@ApplicationScoped
public class RunnerStatus {

  /** The states Connect reports for a connector or task, plus the runner's own start-up. */
  public enum State {
    STARTING,
    RUNNING,
    PAUSED,
    STOPPED,
    FAILED
  }

  private volatile State state = State.STARTING;
  private volatile String failureReason;
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();

  public State state() {
    return state;
  }

  public void set(State newState) {
    if (state != State.FAILED) {
      state = newState;
    }
  }

  /** Records the first failure; the reason is set before anyone waiting on it wakes up. */
  public synchronized void fail(String reason, Throwable cause) {
    if (failure.isDone()) {
      return;
    }
    failureReason = reason;
    state = State.FAILED;
    failure.complete(cause);
  }

  public String failureReason() {
    return failureReason;
  }

  /** Completes with the cause when something failed; never completes otherwise. */
  public CompletableFuture<Throwable> failure() {
    return failure;
  }
}
