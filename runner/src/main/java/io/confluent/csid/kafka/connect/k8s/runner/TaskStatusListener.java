package io.confluent.csid.kafka.connect.k8s.runner;

import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.TaskStatus;
import org.apache.kafka.connect.storage.StatusBackingStore;
import org.apache.kafka.connect.util.ConnectorTaskId;

/**
 * Maps Connect's task status callbacks onto the process status, and records them in the Worker's
 * (in-memory) status store the way a herder does: Connect's connector metrics read task states from
 * there.
 */
public final class TaskStatusListener implements TaskStatus.Listener {

  private final RunnerStatus status;
  private final StatusBackingStore store;
  private final String workerId;

  public TaskStatusListener(RunnerStatus status, StatusBackingStore store, String workerId) {
    this.status = status;
    this.store = store;
    this.workerId = workerId;
  }

  private void record(ConnectorTaskId id, AbstractStatus.State state, String trace) {
    store.put(new TaskStatus(id, state, workerId, 0, trace, null));
  }

  @Override
  public void onStartup(ConnectorTaskId id) {
    record(id, AbstractStatus.State.RUNNING, null);
    status.set(RunnerStatus.State.RUNNING);
  }

  @Override
  public void onPause(ConnectorTaskId id) {
    record(id, AbstractStatus.State.PAUSED, null);
    status.set(RunnerStatus.State.PAUSED);
  }

  @Override
  public void onResume(ConnectorTaskId id) {
    record(id, AbstractStatus.State.RUNNING, null);
    status.set(RunnerStatus.State.RUNNING);
  }

  @Override
  public void onFailure(ConnectorTaskId id, Throwable cause) {
    record(id, AbstractStatus.State.FAILED, TerminationMessage.reason(cause));
    status.fail("Task " + id + " failed: " + TerminationMessage.reason(cause), cause);
  }

  @Override
  public void onShutdown(ConnectorTaskId id) {
    record(id, AbstractStatus.State.UNASSIGNED, null);
  }

  @Override
  public void onDeletion(ConnectorTaskId id) {
    store.put(new TaskStatus(id, AbstractStatus.State.DESTROYED, workerId, 0));
  }

  @Override
  public void onRestart(ConnectorTaskId id) {
    record(id, AbstractStatus.State.RESTARTING, null);
  }
}
