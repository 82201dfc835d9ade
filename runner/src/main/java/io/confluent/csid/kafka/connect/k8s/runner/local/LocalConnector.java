package io.confluent.csid.kafka.connect.k8s.runner.local;

import io.confluent.csid.kafka.connect.k8s.runner.ConnectorProcess;
import io.confluent.csid.kafka.connect.k8s.runner.EmbeddedWorker;
import io.confluent.csid.kafka.connect.k8s.runner.MemoryTaskConfigPublisher;
import io.confluent.csid.kafka.connect.k8s.runner.RunnerStatus;
import io.confluent.csid.kafka.connect.k8s.runner.TaskProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.TargetState;
import org.jboss.logging.Logger;

/**
 * Local mode: the connector and all its tasks in one Worker, through the same {@link
 * ConnectorProcess} and {@link TaskProcess} the pods use. Task configs go to memory; a
 * reconfiguration restarts the tasks with the new configs, as new task pods would.
 */
public final class LocalConnector implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LocalConnector.class);

  private final EmbeddedWorker worker;
  private final String name;
  private final Map<String, String> config;
  private final RunnerStatus status;
  private final List<TaskProcess> tasks = new ArrayList<>();
  private ConnectorProcess connector;
  private volatile TargetState targetState = TargetState.STARTED;

  public LocalConnector(
      EmbeddedWorker worker, String name, Map<String, String> config, RunnerStatus status) {
    this.worker = worker;
    this.name = name;
    this.config = config;
    this.status = status;
  }

  public void start(TargetState initial) throws Exception {
    targetState = initial;
    connector =
        new ConnectorProcess(
            worker, name, config, new MemoryTaskConfigPublisher(this::runTasks), status);
    connector.start(initial);
  }

  private synchronized void runTasks(List<Map<String, String>> taskConfigs) {
    stopTasks();
    for (int i = 0; i < taskConfigs.size(); i++) {
      TaskProcess task =
          new TaskProcess(
              worker,
              name,
              i,
              config,
              taskConfigs.get(i),
              taskConfigs.size(),
              worker.taskListener(status));
      task.start(targetState == TargetState.STOPPED ? TargetState.PAUSED : targetState);
      tasks.add(task);
    }
    LOG.infof("Running %d task(s) of %s", tasks.size(), name);
  }

  public synchronized int taskCount() {
    return tasks.size();
  }

  private void stopTasks() {
    for (TaskProcess task : tasks) {
      task.close();
    }
    tasks.clear();
  }

  @Override
  public synchronized void close() {
    stopTasks();
    if (connector != null) {
      connector.close();
    }
  }
}
