package io.confluent.csid.kafka.connect.k8s.runner.cli;

import io.confluent.csid.kafka.connect.k8s.runner.BadInputException;
import io.confluent.csid.kafka.connect.k8s.runner.EmbeddedWorker;
import io.confluent.csid.kafka.connect.k8s.runner.PodContract;
import io.confluent.csid.kafka.connect.k8s.runner.TaskConfigs;
import io.confluent.csid.kafka.connect.k8s.runner.TaskProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/** A task pod: runs task N, where N is the StatefulSet ordinal at the end of {@code POD_NAME}. */
@Command(name = PodContract.TASK_COMMAND, description = "Run one task from its published config.")
public class TaskCommand extends PodCommand {

  @Override
  void start(PodInputs inputs, Consumer<AutoCloseable> closer) throws Exception {
    String name = inputs.name();
    Path tasksDir = inputs.settings().tasksDir();
    int taskId = PodContract.taskIdFromPodName(inputs.settings().podName().orElse(null));
    Map<String, String> taskConfig =
        TaskConfigs.read(tasksDir.resolve(PodContract.taskKey(taskId)), "Task config");
    int taskCount = countTasks(tasksDir);

    String workerId = inputs.settings().podName().orElse(name + "-task-" + taskId);
    EmbeddedWorker worker = startWorker(workerId, inputs, closer, false);

    TaskProcess task =
        new TaskProcess(
            worker,
            name,
            taskId,
            inputs.connectorConfig(),
            taskConfig,
            taskCount,
            worker.taskListener(status));
    closer.accept(task);
    task.start(inputs.initialState());
    inputs.targetState().start(task::setTargetState);
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
