package io.confluent.csid.kafka.connect.k8s.operator.controller;

import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.connector;
import static io.confluent.csid.kafka.connect.k8s.operator.TestPods.*;
import static io.confluent.csid.kafka.connect.k8s.operator.status.StatusAggregatorTest.T0;
import static io.confluent.csid.kafka.connect.k8s.operator.status.StatusAggregatorTest.aggregate;
import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorStatus;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.DesiredInputs;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.PublishedTaskConfigs;
import io.confluent.csid.kafka.connect.k8s.operator.status.TransitionEvents;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KIP-745's restart semantics mapped onto pods. */
class RestartRequestTest {

  /** Connector failed, task 0 running, task 1 failed, task 2 running. */
  static final KafkaConnectorStatus STATUS =
      aggregate(
          connector("c"),
          new DesiredInputs("h", "l", new PublishedTaskConfigs(3, "t"), true),
          null,
          T0,
          crashLoop(1, "Error", "x"),
          runningReady(),
          imagePullBackOff(),
          runningReady());

  @Test
  void connectorOnlyByDefault() {
    assertThat(pods("connect-k8s.io/restart", "connector")).containsExactly("c-connector-0");
    assertThat(pods("connect-k8s.io/restart", "")).containsExactly("c-connector-0");
  }

  @Test
  void allIncludesEveryTask() {
    assertThat(pods("connect-k8s.io/restart", "all"))
        .containsExactly("c-connector-0", "c-tasks-0", "c-tasks-1", "c-tasks-2");
  }

  @Test
  void failedRestartsOnlyWhatFailed() {
    assertThat(pods("connect-k8s.io/restart", "failed"))
        .containsExactly("c-connector-0", "c-tasks-1");
    assertThat(pods("connect-k8s.io/restart", "failed-tasks")).containsExactly("c-tasks-1");
    assertThat(pods("connect-k8s.io/restart", "tasks"))
        .containsExactly("c-tasks-0", "c-tasks-1", "c-tasks-2");
  }

  @Test
  void oneTaskById() {
    assertThat(pods("connect-k8s.io/restart-task", "2")).containsExactly("c-tasks-2");
  }

  @Test
  void aTaskIdTheConnectorDoesNotHaveIsRefusedNotClaimedAsRestarted() {
    var request = RestartRequest.of("c", Map.of("connect-k8s.io/restart-task", "3"), STATUS);
    assertThat(request.podsToDelete()).isEmpty();
    assertThat(request.problem()).contains("'3'").contains("3 task(s), ids 0 to 2");
    assertThat(request.annotationsToRemove()).containsExactly("connect-k8s.io/restart-task");
    assertThat(request.event().reason()).isEqualTo("InvalidRestart");
  }

  @Test
  void theEventSaysWhatWasRestartedOrThatNothingWas() {
    assertThat(RestartRequest.of("c", Map.of("connect-k8s.io/restart", "all"), STATUS).event())
        .isEqualTo(
            new TransitionEvents.Event(
                "Normal",
                "Restarted",
                "Restarted pods [c-connector-0, c-tasks-0, c-tasks-1, c-tasks-2]."));
    KafkaConnectorStatus healthy =
        aggregate(
            connector("c"),
            new DesiredInputs("h", "l", new PublishedTaskConfigs(1, "t"), true),
            null,
            T0,
            runningReady(),
            runningReady());
    assertThat(RestartRequest.of("c", Map.of("connect-k8s.io/restart", "failed"), healthy).event())
        .isEqualTo(
            new TransitionEvents.Event(
                "Normal",
                "NothingToRestart",
                "No pod matched connect-k8s.io/restart: nothing restarted."));
  }

  @Test
  void badValuesAreReportedAndStillRemoved() {
    var request = RestartRequest.of("c", Map.of("connect-k8s.io/restart", "everything"), STATUS);
    assertThat(request.podsToDelete()).isEmpty();
    assertThat(request.problem()).contains("everything");
    assertThat(request.annotationsToRemove()).containsExactly("connect-k8s.io/restart");
    assertThat(
            RestartRequest.of("c", Map.of("connect-k8s.io/restart-task", "-1"), STATUS).problem())
        .isNotNull();
  }

  @Test
  void noAnnotationNoRestart() {
    assertThat(RestartRequest.of("c", Map.of("other", "x"), STATUS).isEmpty()).isTrue();
    assertThat(RestartRequest.of("c", null, STATUS).isEmpty()).isTrue();
  }

  private static java.util.List<String> pods(String annotation, String value) {
    var request = RestartRequest.of("c", Map.of(annotation, value), STATUS);
    assertThat(request.problem()).isNull();
    return request.podsToDelete();
  }
}
