package io.confluent.csid.kafka.connect.k8s.runner.testing;

import io.confluent.csid.kafka.connect.k8s.runner.EmbeddedWorker;
import io.confluent.csid.kafka.connect.k8s.runner.RunnerStatus;
import io.confluent.csid.kafka.connect.k8s.runner.WorkerProperties;
import io.confluent.csid.kafka.connect.k8s.runner.local.LocalConnector;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.runtime.TargetState;

/**
 * A connector and its tasks on one embedded Worker in the test JVM, through the runner's own
 * adapter classes, with the connectors found on the test classpath.
 */
public final class InProcessConnector implements AutoCloseable {

  private final EmbeddedWorker worker;
  private final LocalConnector connector;
  private final RunnerStatus status = new RunnerStatus();

  public InProcessConnector(
      String name, Map<String, String> workerProps, Map<String, String> config) throws Exception {
    worker =
        EmbeddedWorker.create("test-" + name, WorkerProperties.forWorker(workerProps, List.of()));
    Map<String, String> withName = new TreeMap<>(config);
    withName.put("name", name);
    worker.validate(withName);
    worker.start();
    connector = new LocalConnector(worker, name, withName, status);
    connector.start(TargetState.STARTED);
  }

  public RunnerStatus status() {
    return status;
  }

  public EmbeddedWorker worker() {
    return worker;
  }

  @Override
  public void close() {
    connector.close();
    worker.close();
  }
}
