package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import io.confluent.csid.kafka.connect.k8s.runner.PodContract;

/**
 * A plugin that cannot be installed, with the one line the termination message and the
 * KafkaConnector's status show. {@link #isTransient()} failures (timeouts, 5xx, refused connections
 * that outlived every retry) exit 1; everything a retry cannot fix (404, checksum mismatch, unsafe
 * archive, http refused, too big) exits 2.
 */
public class PluginFailure extends RuntimeException {

  private final boolean transientFailure;

  public PluginFailure(String message, boolean transientFailure) {
    super(message);
    this.transientFailure = transientFailure;
  }

  public static PluginFailure permanent(String message) {
    return new PluginFailure(message, false);
  }

  public static PluginFailure transientFailure(String message) {
    return new PluginFailure(message, true);
  }

  public boolean isTransient() {
    return transientFailure;
  }

  public int exitCode() {
    return transientFailure ? PodContract.EXIT_FAILED : PodContract.EXIT_BAD_INPUT;
  }

  /** The same failure, its message prefixed with the plugin it belongs to. */
  public PluginFailure forPlugin(String plugin) {
    return new PluginFailure("Plugin " + plugin + ": " + getMessage(), transientFailure);
  }
}
