package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.contract.RunnerContract;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the connector pod published in Secret {@code <name>-tasks}, as far as the operator uses it.
 *
 * <p>Configs published for another config hash than the current one are stale: they were computed
 * from an older connector or worker config. They count as none, so task pods never run an old
 * config next to a new connector; the tasks come back as soon as the restarted connector pod
 * publishes for the current hash.
 */
public record PublishedTaskConfigs(int count, String hash) {

  public static final PublishedTaskConfigs NONE = new PublishedTaskConfigs(0, "none");

  private static final Pattern TASK_KEY =
      Pattern.compile("^" + Pattern.quote(RunnerContract.TASK_KEY_PREFIX) + "(0|[1-9][0-9]*)$");

  public static PublishedTaskConfigs of(Secret tasksSecret, String currentConfigHash) {
    if (tasksSecret == null || tasksSecret.getData() == null) {
      return NONE;
    }
    Map<String, String> annotations = tasksSecret.getMetadata().getAnnotations();
    String publishedFor =
        annotations == null ? null : annotations.get(RunnerContract.CONFIG_HASH_ANNOTATION);
    if (publishedFor == null || !publishedFor.equals(currentConfigHash)) {
      return NONE;
    }
    Map<String, String> tasks = new TreeMap<>();
    tasksSecret
        .getData()
        .forEach(
            (key, value) -> {
              if (TASK_KEY.matcher(key).matches()) {
                tasks.put(key, value);
              }
            });
    // Task pods are numbered 0..n-1: a gap would leave a pod without its config.
    int count = 0;
    while (tasks.containsKey(RunnerContract.TASK_KEY_PREFIX + count)) {
      count++;
    }
    return count == 0 ? NONE : new PublishedTaskConfigs(count, ConfigHashes.taskConfigsHash(tasks));
  }
}
