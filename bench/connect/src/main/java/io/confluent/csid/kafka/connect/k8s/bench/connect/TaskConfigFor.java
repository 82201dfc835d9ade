package io.confluent.csid.kafka.connect.k8s.bench.connect;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * The task config a connector pod would publish for task 0: the connector's own {@code
 * taskConfigs()} plus what Connect's {@code Worker.connectorTaskConfigs} adds ({@code task.class},
 * and {@code topics} for a sink). Computed here so every measured runner process is a task pod
 * alone, as in Kubernetes, where the connector pod runs elsewhere.
 */
final class TaskConfigFor {

  private TaskConfigFor() {}

  static Map<String, String> task0(Map<String, String> connectorConfig) {
    try {
      Connector connector =
          (Connector)
              Class.forName(connectorConfig.get("connector.class"))
                  .getDeclaredConstructor()
                  .newInstance();
      connector.start(connectorConfig);
      List<Map<String, String>> configs =
          connector.taskConfigs(Integer.parseInt(connectorConfig.getOrDefault("tasks.max", "1")));
      connector.stop();
      Map<String, String> task = new TreeMap<>(configs.get(0));
      task.put("task.class", connector.taskClass().getName());
      if (connector instanceof SinkConnector && connectorConfig.containsKey("topics")) {
        task.put("topics", connectorConfig.get("topics"));
      }
      return task;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + connectorConfig, e);
    }
  }
}
