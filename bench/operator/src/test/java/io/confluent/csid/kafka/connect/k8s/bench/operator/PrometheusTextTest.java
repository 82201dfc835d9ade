package io.confluent.csid.kafka.connect.k8s.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  private static final String SCRAPE =
      """
      # HELP operator_sdk_reconciliations_started_total
      # TYPE operator_sdk_reconciliations_started_total counter
      operator_sdk_reconciliations_started_total{name="a",namespace="bench"} 3.0
      operator_sdk_reconciliations_started_total{name="b",namespace="bench"} 4.0
      operator_sdk_controllers_execution_reconcile_seconds_count{controller="kafkaconnector"} 7.0 1700000000000
      operator_sdk_reconciliations_queue_size_kafkaconnector NaN
      jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 1.2E7
      """;

  @Test
  void sumsEverySeriesOfANameAndIgnoresOtherPrefixes() {
    assertThat(PrometheusText.sums(SCRAPE, "operator_sdk_"))
        .containsEntry("operator_sdk_reconciliations_started_total", 7.0)
        .containsEntry("operator_sdk_controllers_execution_reconcile_seconds_count", 7.0)
        .doesNotContainKey("operator_sdk_reconciliations_queue_size_kafkaconnector")
        .doesNotContainKey("jvm_memory_used_bytes");
  }

  @Test
  void labelValuesWithSpacesOrBracesDoNotShiftTheValue() {
    String line = "operator_sdk_events_received_total{exception=\"a } b\",name=\"x y\"} 2.0\n";
    assertThat(PrometheusText.sums(line, "operator_sdk_"))
        .containsEntry("operator_sdk_events_received_total", 2.0);
  }

  @Test
  void aLineThatIsNoSampleIsRefused() {
    assertThatThrownBy(() -> PrometheusText.sums("operator_sdk_broken", "operator_sdk_"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
