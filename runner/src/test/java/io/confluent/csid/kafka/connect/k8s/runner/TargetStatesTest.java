package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.connect.runtime.TargetState;
import org.junit.jupiter.api.Test;

class TargetStatesTest {

  @Test
  void configMapWordsMapToConnectStates() {
    assertThat(TargetStates.parse(null)).isEqualTo(TargetState.STARTED);
    assertThat(TargetStates.parse("running")).isEqualTo(TargetState.STARTED);
    assertThat(TargetStates.parse(" Paused ")).isEqualTo(TargetState.PAUSED);
    assertThat(TargetStates.parse("stopped")).isEqualTo(TargetState.STOPPED);
    assertThatThrownBy(() -> TargetStates.parse("sleeping"))
        .hasMessageContaining("expected running, paused or stopped");
  }
}
