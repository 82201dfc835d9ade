package io.confluent.csid.kafka.connect.k8s.runner;

import org.apache.kafka.connect.runtime.TaskStatus;
import org.apache.kafka.connect.util.ConnectorTaskId;

/** Maps Connect's task status callbacks onto the process status. */
public final class TaskStatusListener implements TaskStatus.Listener {

  private final RunnerStatus status;

  public TaskStatusListener(RunnerStatus status) {
    this.status = status;
  }

  @Override
  public void onStartup(ConnectorTaskId id) {
    status.set(RunnerStatus.State.RUNNING);
  }

  @Override
  public void onPause(ConnectorTaskId id) {
    status.set(RunnerStatus.State.PAUSED);
  }

  @Override
  public void onResume(ConnectorTaskId id) {
    status.set(RunnerStatus.State.RUNNING);
  }

  @Override
  public void onFailure(ConnectorTaskId id, Throwable cause) {
    status.fail("Task " + id + " failed: " + TerminationMessage.reason(cause), cause);
  }

  @Override
  public void onShutdown(ConnectorTaskId id) {}

  @Override
  public void onDeletion(ConnectorTaskId id) {}

  @Override
  public void onRestart(ConnectorTaskId id) {}
}
