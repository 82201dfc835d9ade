package io.confluent.csid.kafka.connect.k8s.runner;

/**
 * The runner's side of docs/pod-contract.md. The operator keeps the same values in its own {@code
 * RunnerContract}; a change here without a change to that page breaks the other side.
 */
public final class PodContract {

  public static final String CONNECTOR_COMMAND = "connector";
  public static final String TASK_COMMAND = "task";
  public static final String PLUGINS_COMMAND = "plugins";

  public static final String WORKER_CONFIG_FILE = "/etc/connect-k8s/worker/worker.properties";
  public static final String CONNECTOR_CONFIG_FILE = "/etc/connect-k8s/connector/connector.json";
  public static final String LOGGING_CONFIG_FILE = "/etc/connect-k8s/connector/logging.json";
  public static final String TASKS_DIR = "/etc/connect-k8s/tasks";
  public static final String DOWNLOADED_PLUGINS_DIR = "/var/lib/connect-k8s/plugins";
  public static final String IMAGE_PLUGINS_DIR = "/opt/connect-k8s/plugins";
  public static final String TERMINATION_LOG = "/dev/termination-log";

  public static final String ENV_POD_NAME = "POD_NAME";
  public static final String ENV_POD_NAMESPACE = "POD_NAMESPACE";
  public static final String ENV_CONNECTOR_NAME = "CONNECT_K8S_CONNECTOR_NAME";
  public static final String ENV_CONFIG_HASH = "CONNECT_K8S_CONFIG_HASH";

  /**
   * Secret {@code <name>-tasks}: pre-created by the operator, data written by the connector pod.
   */
  public static final String TASKS_SECRET_SUFFIX = "-tasks";

  /** ConfigMap {@code <name>-state}: the target state, written by the operator. */
  public static final String STATE_CONFIGMAP_SUFFIX = "-state";

  public static final String STATE_KEY = "state";
  public static final String TASK_KEY_PREFIX = "task-";
  public static final String CONFIG_HASH_ANNOTATION = "connect-k8s.io/config-hash";

  public static final int EXIT_STOPPED = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_BAD_INPUT = 2;

  private PodContract() {}

  public static String tasksSecretName(String connectorName) {
    return connectorName + TASKS_SECRET_SUFFIX;
  }

  public static String stateConfigMapName(String connectorName) {
    return connectorName + STATE_CONFIGMAP_SUFFIX;
  }

  public static String taskKey(int taskId) {
    return TASK_KEY_PREFIX + taskId;
  }

  /**
   * The task id is everything after the last '-' of the pod name: StatefulSet ordinals have any
   * number of digits ({@code my-connector-tasks-12} is task 12).
   */
  public static int taskIdFromPodName(String podName) {
    if (podName == null || podName.isBlank()) {
      throw new BadInputException(ENV_POD_NAME + " is not set: a task pod needs its pod name");
    }
    String ordinal = podName.substring(podName.lastIndexOf('-') + 1);
    if (ordinal.isEmpty() || !ordinal.chars().allMatch(Character::isDigit)) {
      throw new BadInputException(
          ENV_POD_NAME + "=" + podName + " does not end with -<ordinal>: cannot tell the task id");
    }
    return Integer.parseInt(ordinal);
  }
}
