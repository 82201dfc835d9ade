package io.confluent.csid.kafka.connect.k8s.runner.testing;

import io.confluent.csid.kafka.connect.k8s.runner.PodContract;
import io.confluent.csid.kafka.connect.k8s.runner.TaskConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files the operator mounts into a pod (worker.properties, connector.json, task-N), written to
 * a temporary directory, plus the environment variables that point the runner at them.
 */
public final class PodFiles {

  private final Path root;
  private final String connectorName;
  private final Map<String, String> env = new HashMap<>();

  public PodFiles(Path root, String connectorName) {
    this.root = root;
    this.connectorName = connectorName;
    env.put("CONNECT_K8S_WORKER_CONFIG", root.resolve("worker/worker.properties").toString());
    env.put("CONNECT_K8S_CONNECTOR_CONFIG", root.resolve("connector/connector.json").toString());
    env.put("CONNECT_K8S_LOGGING_CONFIG", root.resolve("connector/logging.json").toString());
    env.put("CONNECT_K8S_TASKS_DIR", root.resolve("tasks").toString());
    env.put("CONNECT_K8S_PLUGIN_DIRS", root.resolve("plugins").toString());
    env.put(PodContract.ENV_CONNECTOR_NAME, connectorName);
    env.put(PodContract.ENV_CONFIG_HASH, "hash-1");
  }

  public Path root() {
    return root;
  }

  public Path pluginRoot() {
    return root.resolve("plugins");
  }

  public PodFiles worker(Map<String, String> props) {
    write(
        "worker/worker.properties",
        props.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n")));
    return this;
  }

  /**
   * Installs the jars of these classes as one plugin directory, as the plugins init container does.
   */
  public PodFiles plugin(String name, Class<?>... classes) {
    PluginDirs.install(pluginRoot(), name, classes);
    return this;
  }

  public PodFiles connector(Map<String, String> config) {
    write("connector/connector.json", TaskConfigs.toJson(config));
    return this;
  }

  public PodFiles tasks(List<Map<String, String>> configs) {
    TaskConfigs.toSecretData(configs).forEach((key, json) -> write("tasks/" + key, json));
    return this;
  }

  /** Environment of the connector pod, or of task pod {@code ordinal}. */
  public Map<String, String> env(String podName) {
    Map<String, String> all = new HashMap<>(env);
    all.put(PodContract.ENV_POD_NAME, podName);
    return all;
  }

  public String connectorPod() {
    return connectorName + "-connector-0";
  }

  public String taskPod(int ordinal) {
    return connectorName + "-tasks-" + ordinal;
  }

  private void write(String relative, String content) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
