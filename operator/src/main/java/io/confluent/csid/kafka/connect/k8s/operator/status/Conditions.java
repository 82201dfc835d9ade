package io.confluent.csid.kafka.connect.k8s.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Condition types and the rule that keeps lastTransitionTime stable. */
public final class Conditions {

  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String ERROR = "Error";

  private Conditions() {}

  /**
   * The condition as newly computed, keeping the previous lastTransitionTime when its status did
   * not change: a reason or message update is not a transition.
   */
  public static Condition of(
      String type,
      boolean status,
      String reason,
      String message,
      long generation,
      List<Condition> previous,
      Instant now) {
    String value = status ? "True" : "False";
    String since =
        previous == null
            ? null
            : previous.stream()
                .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime)
                .findFirst()
                .orElse(null);
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        // Never empty: a real 1.20 API server rejected applied statuses whose empty condition
        // messages arrived as null ("message ... must be of type string").
        .withMessage(message == null || message.isEmpty() ? reason : message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(
            since != null ? since : now.truncatedTo(ChronoUnit.SECONDS).toString())
        .build();
  }
}
