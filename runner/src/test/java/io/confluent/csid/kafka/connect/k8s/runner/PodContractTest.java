package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PodContractTest {

  @Test
  void taskIdIsTheWholeOrdinalAfterTheLastDash() {
    assertThat(PodContract.taskIdFromPodName("my-connector-tasks-0")).isZero();
    assertThat(PodContract.taskIdFromPodName("my-connector-tasks-12")).isEqualTo(12);
    assertThat(PodContract.taskIdFromPodName("a-b-c-tasks-107")).isEqualTo(107);
  }

  @Test
  void aPodNameWithoutOrdinalIsBadInput() {
    assertThatThrownBy(() -> PodContract.taskIdFromPodName("my-connector-tasks"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("POD_NAME=my-connector-tasks");
    assertThatThrownBy(() -> PodContract.taskIdFromPodName(null))
        .isInstanceOf(BadInputException.class);
  }

  @Test
  void objectNamesFollowTheContract() {
    assertThat(PodContract.tasksSecretName("orders")).isEqualTo("orders-tasks");
    assertThat(PodContract.stateConfigMapName("orders")).isEqualTo("orders-state");
    assertThat(PodContract.taskKey(3)).isEqualTo("task-3");
  }
}
