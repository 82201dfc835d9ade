package io.confluent.csid.kafka.connect.k8s.runner;

import java.util.Locale;
import org.apache.kafka.connect.runtime.TargetState;

/** The ConfigMap's words for target states, mapped onto Connect's. */
public final class TargetStates {

  private TargetStates() {}

  /** {@code running}, {@code paused}, {@code stopped}; absent means running. */
  public static TargetState parse(String value) {
    if (value == null || value.isBlank()) {
      return TargetState.STARTED;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "running", "started" -> TargetState.STARTED;
      case "paused" -> TargetState.PAUSED;
      case "stopped" -> TargetState.STOPPED;
      default ->
          throw new IllegalArgumentException(
              "Unknown target state '" + value + "' (expected running, paused or stopped)");
    };
  }
}
