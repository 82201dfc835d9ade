package io.confluent.csid.kafka.connect.k8s.bench.operator;

import java.util.Map;

/**
 * Figures of one phase (create, update or delete N connectors).
 *
 * @param requestsSeconds from the first to the last API request of the phase returning
 * @param convergedSeconds from the first request until the last connector reached the goal
 * @param settledSeconds from the first request until the operator started no reconciliation for
 *     {@link OperatorBench#QUIET} (events of the StatefulSet controller's pods included)
 * @param latencies per connector: from its own request to its goal
 * @param reconciliations JOSDK counter deltas until settled, by name without {@code operator_sdk_}
 * @param peakRate highest reconciliations per second over one sampling interval; NaN when none
 */
record PhaseResult(
    String name,
    int connectors,
    double requestsSeconds,
    double convergedSeconds,
    double settledSeconds,
    Latencies latencies,
    Map<String, Double> reconciliations,
    double reconciliationsAtConverged,
    double peakRate,
    double cpuSeconds,
    long rssBeforeKib,
    long rssPeakKib,
    long rssAfterKib,
    String loadBefore,
    String loadAfter) {

  double reconciled() {
    return reconciliations.getOrDefault("controllers_execution_reconcile_seconds_count", 0.0);
  }

  /** The peak rate, or "n/a" when the phase converged before the first sample. */
  String peakRateText() {
    return Double.isNaN(peakRate) ? "n/a" : "%.1f".formatted(peakRate);
  }

  /** Mean wall time of one reconciliation (the operator's own timer), in milliseconds. */
  double meanReconcileMillis() {
    double sum = reconciliations.getOrDefault("controllers_execution_reconcile_seconds_sum", 0.0);
    return reconciled() == 0 ? 0 : sum / reconciled() * 1000;
  }

  /** Reconciliations started per second while converging. */
  double meanRate() {
    return convergedSeconds == 0 ? 0 : reconciliationsAtConverged / convergedSeconds;
  }

  String report() {
    return String.join(
        "\n",
        "== %s %d KafkaConnectors".formatted(name, connectors),
        "  requests returned after       %.1f s".formatted(requestsSeconds),
        "  all converged after           %.1f s".formatted(convergedSeconds),
        "  per connector                 %s".formatted(latencies),
        "  operator quiet after          %.1f s".formatted(settledSeconds),
        "  reconciliations until converged %.0f (%.2f per connector), %.1f/s mean, %s/s peak"
            .formatted(
                reconciliationsAtConverged,
                reconciliationsAtConverged / connectors,
                meanRate(),
                peakRateText()),
        "  reconciliations until quiet   %.0f (%.2f per connector), %.0f ms each on average"
            .formatted(reconciled(), reconciled() / connectors, meanReconcileMillis()),
        "  JOSDK counters until quiet    %s".formatted(reconciliations),
        "  operator CPU                  %.1f s".formatted(cpuSeconds),
        "  operator RSS                  before %d MiB, peak %d MiB, after %d MiB"
            .formatted(rssBeforeKib / 1024, rssPeakKib / 1024, rssAfterKib / 1024),
        "  load average                  before %s, after %s".formatted(loadBefore, loadAfter));
  }
}
