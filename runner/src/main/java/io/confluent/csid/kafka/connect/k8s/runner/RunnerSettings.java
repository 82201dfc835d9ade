package io.confluent.csid.kafka.connect.k8s.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the runner reads its inputs. Every value has a Quarkus config key (so an environment
 * variable such as {@code CONNECT_K8S_WORKER_CONFIG} overrides it); the defaults are the paths of
 * docs/pod-contract.md.
 */
public record RunnerSettings(
    Path workerConfig,
    Path connectorConfig,
    Path loggingConfig,
    Path tasksDir,
    List<Path> pluginDirs,
    Path terminationLog,
    Duration shutdownTimeout,
    Optional<String> connectorName,
    Optional<String> configHash,
    Optional<String> podName,
    Optional<String> podNamespace,
    Duration statePollInterval) {

  public static RunnerSettings from(Function<String, Optional<String>> config) {
    List<Path> plugins = new ArrayList<>();
    for (String dir :
        config
            .apply("connect-k8s.plugin-dirs")
            .orElse(PodContract.DOWNLOADED_PLUGINS_DIR + "," + PodContract.IMAGE_PLUGINS_DIR)
            .split(",")) {
      if (!dir.isBlank()) {
        plugins.add(Path.of(dir.trim()));
      }
    }
    return new RunnerSettings(
        path(config, "connect-k8s.worker-config", PodContract.WORKER_CONFIG_FILE),
        path(config, "connect-k8s.connector-config", PodContract.CONNECTOR_CONFIG_FILE),
        path(config, "connect-k8s.logging-config", PodContract.LOGGING_CONFIG_FILE),
        path(config, "connect-k8s.tasks-dir", PodContract.TASKS_DIR),
        List.copyOf(plugins),
        path(config, "connect-k8s.termination-log", PodContract.TERMINATION_LOG),
        duration(config, "connect-k8s.shutdown-timeout", Duration.ofSeconds(30)),
        nonBlank(config.apply("connect-k8s.connector-name")),
        nonBlank(config.apply("connect-k8s.config-hash")),
        nonBlank(config.apply("pod.name")),
        nonBlank(config.apply("pod.namespace")),
        duration(config, "connect-k8s.state-poll-interval", Duration.ofSeconds(2)));
  }

  private static Path path(Function<String, Optional<String>> config, String key, String def) {
    return Path.of(config.apply(key).filter(v -> !v.isBlank()).orElse(def));
  }

  private static Optional<String> nonBlank(Optional<String> value) {
    return value.map(String::trim).filter(v -> !v.isEmpty());
  }

  /** Accepts ISO-8601 ({@code PT30S}) or a plain number of seconds. */
  static Duration duration(Function<String, Optional<String>> config, String key, Duration def) {
    Optional<String> raw = nonBlank(config.apply(key));
    if (raw.isEmpty()) {
      return def;
    }
    String text = raw.get();
    try {
      if (text.chars().allMatch(Character::isDigit)) {
        return Duration.ofSeconds(Long.parseLong(text));
      }
      if (text.endsWith("s")
          && text.substring(0, text.length() - 1).chars().allMatch(Character::isDigit)) {
        return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
      }
      return Duration.parse(text);
    } catch (RuntimeException e) {
      throw new BadInputException(key + "=" + text + " is not a duration (use seconds or PT30S)");
    }
  }

  public String requireConnectorName() {
    return connectorName.orElseThrow(
        () ->
            new BadInputException(
                PodContract.ENV_CONNECTOR_NAME
                    + " is not set: the runner needs the connector name"));
  }
}
