package io.confluent.csid.kafka.connect.k8s.runner;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.TargetState;
import org.apache.kafka.connect.runtime.TaskStatus;
import org.apache.kafka.connect.storage.ClusterConfigState;
import org.apache.kafka.connect.util.ConnectorTaskId;

/** Runs one source or sink task of a connector from its published config. */
public final class TaskProcess implements AutoCloseable {

  private final EmbeddedWorker worker;
  private final ConnectorTaskId id;
  private final Map<String, String> rawConnectorConfig;
  private final Map<String, String> rawTaskConfig;
  private final int taskCount;
  private final TaskStatus.Listener listener;

  public TaskProcess(
      EmbeddedWorker worker,
      String connectorName,
      int taskId,
      Map<String, String> rawConnectorConfig,
      Map<String, String> rawTaskConfig,
      int taskCount,
      TaskStatus.Listener listener) {
    this.worker = worker;
    this.id = new ConnectorTaskId(connectorName, taskId);
    this.rawConnectorConfig = Map.copyOf(rawConnectorConfig);
    this.rawTaskConfig = Map.copyOf(rawTaskConfig);
    this.taskCount = taskCount;
    this.listener = listener;
  }

  public ConnectorTaskId id() {
    return id;
  }

  public void start(TargetState initialState) {
    String name = id.connector();
    Map<String, String> connectorProps = worker.resolve(name, rawConnectorConfig);
    Map<String, String> taskProps = worker.resolve(name, rawTaskConfig);
    // The Worker checks the task count against tasks.max and reads the raw configs from here.
    ClusterConfigState state =
        new ClusterConfigState(
            ClusterConfigState.NO_OFFSET,
            null,
            Map.of(name, taskCount),
            Map.of(name, rawConnectorConfig),
            Map.of(name, initialState),
            Map.of(id, rawTaskConfig),
            Map.of(),
            Map.of(),
            Map.of(),
            Set.of(),
            Set.of(),
            worker.worker().configTransformer());
    boolean started =
        worker.isSink(connectorProps)
            ? worker
                .worker()
                .startSinkTask(id, state, connectorProps, taskProps, listener, initialState)
            : worker
                .worker()
                .startSourceTask(id, state, connectorProps, taskProps, listener, initialState);
    if (!started) {
      throw new ConnectException("Task " + id + " did not start (see the log)");
    }
  }

  public void setTargetState(TargetState state) {
    // A task has no STOPPED of its own: the operator removes task pods of a stopped connector.
    TargetState effective = state == TargetState.STOPPED ? TargetState.PAUSED : state;
    worker.worker().setTargetState(id.connector(), effective, (error, result) -> {});
  }

  @Override
  public void close() {
    // Stops the task and commits its offsets (bounded by task.shutdown.graceful.timeout.ms).
    worker.worker().stopAndAwaitTask(id);
  }
}
