package io.confluent.csid.kafka.connect.k8s.operator.contract;

/**
 * Names and paths shared with the runner. Every value here is fixed by docs/pod-contract.md; the
 * runner's {@code PodContract} holds the same values, so change both and the page together.
 */
public final class RunnerContract {

  // Objects, by suffix appended to the KafkaConnector's name.
  public static final String CONFIG_SECRET_SUFFIX = "-config";
  public static final String TASKS_SECRET_SUFFIX = "-tasks";
  public static final String STATE_CONFIG_MAP_SUFFIX = "-state";

  // Keys of Secret <name>-config.
  public static final String CONNECTOR_CONFIG_KEY = "connector.json";
  public static final String LOGGING_CONFIG_KEY = "logging.json";

  // Secret <name>-tasks: keys task-0..task-<n-1>, and the hash the configs were computed for.
  public static final String TASK_KEY_PREFIX = "task-";
  public static final String CONFIG_HASH_ANNOTATION = "connect-k8s.io/config-hash";

  // ConfigMap <name>-state.
  public static final String STATE_KEY = "state";

  // Container args.
  public static final String CONNECTOR_COMMAND = "connector";
  public static final String TASK_COMMAND = "task";
  public static final String PLUGINS_COMMAND = "plugins";

  // Mount paths.
  public static final String WORKER_CONFIG_DIR = "/etc/connect-k8s/worker";
  public static final String WORKER_CONFIG_FILE = "worker.properties";
  public static final String CONNECTOR_CONFIG_DIR = "/etc/connect-k8s/connector";
  public static final String TASKS_CONFIG_DIR = "/etc/connect-k8s/tasks";
  public static final String DOWNLOADED_PLUGINS_DIR = "/var/lib/connect-k8s/plugins";
  public static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";

  // Environment.
  public static final String ENV_POD_NAME = "POD_NAME";
  public static final String ENV_POD_NAMESPACE = "POD_NAMESPACE";
  public static final String ENV_CONNECTOR_NAME = "CONNECT_K8S_CONNECTOR_NAME";
  public static final String ENV_CONFIG_HASH = "CONNECT_K8S_CONFIG_HASH";
  public static final String ENV_HTTP_PORT = "QUARKUS_HTTP_PORT";

  // Environment of the plugins init container (docs/plugins.md).
  public static final String ENV_PLUGINS = "CONNECT_K8S_PLUGINS";
  public static final String ENV_PLUGINS_ALLOW_HTTP = "CONNECT_K8S_PLUGINS_ALLOW_HTTP";
  public static final String ENV_PLUGINS_HUB_URL = "CONNECT_K8S_PLUGINS_HUB_URL";
  public static final String ENV_PLUGINS_MAVEN_REPOSITORY = "CONNECT_K8S_PLUGINS_MAVEN_REPOSITORY";
  public static final String ENV_PLUGINS_MAX_BYTES = "CONNECT_K8S_PLUGINS_MAX_BYTES";
  public static final String ENV_HTTPS_PROXY = "HTTPS_PROXY";
  public static final String ENV_HTTP_PROXY = "HTTP_PROXY";
  public static final String ENV_NO_PROXY = "NO_PROXY";

  // Health endpoints served on QUARKUS_HTTP_PORT.
  public static final String LIVENESS_PATH = "/q/health/live";
  public static final String READINESS_PATH = "/q/health/ready";

  // Exit code of bad input (invalid connector config, unknown class, bad runner config).
  public static final int EXIT_BAD_INPUT = 2;

  private RunnerContract() {}

  public static String configSecretName(String connector) {
    return connector + CONFIG_SECRET_SUFFIX;
  }

  public static String tasksSecretName(String connector) {
    return connector + TASKS_SECRET_SUFFIX;
  }

  public static String stateConfigMapName(String connector) {
    return connector + STATE_CONFIG_MAP_SUFFIX;
  }
}
