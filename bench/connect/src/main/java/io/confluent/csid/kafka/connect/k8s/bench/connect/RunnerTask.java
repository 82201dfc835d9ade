package io.confluent.csid.kafka.connect.k8s.bench.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A task pod of the runner, as the operator deploys it: {@code java -jar quarkus-run.jar task} with
 * worker.properties, connector.json and {@code tasks/task-0} at the paths the environment names,
 * {@code POD_NAME=<name>-tasks-0}, and an API server for its target-state ConfigMap.
 */
final class RunnerTask implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JvmProcess process;

  private RunnerTask(JvmProcess process) {
    this.process = process;
  }

  /**
   * Starts the task process.
   *
   * @param jvmFlags JVM flags of the container's {@code java} command
   * @param workerProps the user's worker.properties
   */
  static RunnerTask start(
      BenchEnv env,
      String name,
      Map<String, String> connectorConfig,
      Map<String, String> workerProps,
      List<String> jvmFlags) {
    Path dir = env.work().resolve("runner").resolve(name);
    try {
      Files.createDirectories(dir.resolve("tasks"));
      Files.writeString(
          dir.resolve("worker.properties"),
          workerProps.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("\n")));
      Files.writeString(
          dir.resolve("connector.json"), JSON.writeValueAsString(new TreeMap<>(connectorConfig)));
      Map<String, String> withName = new TreeMap<>(connectorConfig);
      withName.put("name", name);
      Files.writeString(
          dir.resolve("tasks/task-0"), JSON.writeValueAsString(TaskConfigFor.task0(withName)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = JvmProcess.freePort();
    Path termination = dir.resolve("termination-log");
    Map<String, String> environment = new HashMap<>(env.apiEnv());
    environment.put("CONNECT_K8S_WORKER_CONFIG", dir.resolve("worker.properties").toString());
    environment.put("CONNECT_K8S_CONNECTOR_CONFIG", dir.resolve("connector.json").toString());
    environment.put("CONNECT_K8S_LOGGING_CONFIG", dir.resolve("logging.json").toString());
    environment.put("CONNECT_K8S_TASKS_DIR", dir.resolve("tasks").toString());
    // plugin.path in worker.properties already names the shared plugin directory.
    environment.put("CONNECT_K8S_PLUGIN_DIRS", "");
    environment.put("CONNECT_K8S_TERMINATION_LOG", termination.toString());
    environment.put("CONNECT_K8S_CONNECTOR_NAME", name);
    environment.put("POD_NAME", name + "-tasks-0");
    environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    List<String> main = List.of("-jar", env.runnerJar().toString(), "task");
    JvmProcess p =
        JvmProcess.start("runner-" + name, jvmFlags, main, environment, dir.resolve("runner.log"));
    return new RunnerTask(p);
  }

  JvmProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
