package io.confluent.csid.kafka.connect.k8s.runner.cli;

import io.confluent.csid.kafka.connect.k8s.runner.BadInputException;
import io.confluent.csid.kafka.connect.k8s.runner.ConfigMapTargetState;
import io.confluent.csid.kafka.connect.k8s.runner.ConnectMetricsBridge;
import io.confluent.csid.kafka.connect.k8s.runner.EmbeddedWorker;
import io.confluent.csid.kafka.connect.k8s.runner.LoggingLevels;
import io.confluent.csid.kafka.connect.k8s.runner.PodContract;
import io.confluent.csid.kafka.connect.k8s.runner.ProcessLifecycle;
import io.confluent.csid.kafka.connect.k8s.runner.RunnerSettings;
import io.confluent.csid.kafka.connect.k8s.runner.RunnerStatus;
import io.confluent.csid.kafka.connect.k8s.runner.TaskConfigs;
import io.confluent.csid.kafka.connect.k8s.runner.TaskProcess;
import io.confluent.csid.kafka.connect.k8s.runner.WorkerProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;

/** A task pod: runs task N, where N is the StatefulSet ordinal at the end of {@code POD_NAME}. */
@Command(name = PodContract.TASK_COMMAND, description = "Run one task from its published config.")
public class TaskCommand implements Callable<Integer> {

  private static final Logger LOG = Logger.getLogger(TaskCommand.class);

  @Inject ProcessLifecycle lifecycle;
  @Inject RunnerStatus status;
  @Inject Instance<KubernetesClient> kubernetes;
  @Inject MeterRegistry registry;

  @Override
  public Integer call() {
    RunnerSettings settings;
    try {
      settings = Settings.load();
    } catch (BadInputException e) {
      LOG.error(e.getMessage());
      return PodContract.EXIT_BAD_INPUT;
    }
    return lifecycle.run(
        settings.terminationLog(), settings.shutdownTimeout(), closer -> start(settings, closer));
  }

  private void start(RunnerSettings settings, Consumer<AutoCloseable> closer) throws Exception {
    String name = settings.requireConnectorName();
    int taskId = PodContract.taskIdFromPodName(settings.podName().orElse(null));
    LoggingLevels.applyFile(settings.loggingConfig());
    Map<String, String> workerProps =
        WorkerProperties.forWorker(
            WorkerProperties.load(settings.workerConfig()), settings.pluginDirs());
    Map<String, String> connectorConfig =
        new TreeMap<>(TaskConfigs.read(settings.connectorConfig(), "Connector config"));
    connectorConfig.put("name", name);
    Path taskFile = settings.tasksDir().resolve(PodContract.taskKey(taskId));
    Map<String, String> taskConfig = TaskConfigs.read(taskFile, "Task config");
    int taskCount = countTasks(settings.tasksDir());

    KubernetesClient client = kubernetes.get();
    String namespace = settings.podNamespace().orElse(client.getNamespace());
    if (namespace == null) {
      throw new BadInputException(PodContract.ENV_POD_NAMESPACE + " is not set");
    }
    ConfigMapTargetState targetState =
        new ConfigMapTargetState(client, namespace, name, settings.statePollInterval());
    closer.accept(targetState);

    EmbeddedWorker worker =
        EmbeddedWorker.create(settings.podName().orElse(name + "-task-" + taskId), workerProps);
    closer.accept(worker);
    worker.start();
    closer.accept(new ConnectMetricsBridge(registry, worker.worker().metrics().metrics()).start());

    TaskProcess task =
        new TaskProcess(
            worker,
            name,
            taskId,
            connectorConfig,
            taskConfig,
            taskCount,
            worker.taskListener(status));
    closer.accept(task);
    task.start(targetState.initial());
    targetState.start(task::setTargetState);
  }

  /** The Worker checks the task count against tasks.max: count the published task keys. */
  static int countTasks(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return (int)
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.matches(PodContract.TASK_KEY_PREFIX + "\\d+"))
              .count();
    } catch (IOException e) {
      throw new BadInputException("Cannot list task configs in " + dir + ": " + e.getMessage(), e);
    }
  }
}
