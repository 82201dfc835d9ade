package io.confluent.csid.kafka.connect.k8s.operator.status;

import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.connector;
import static io.confluent.csid.kafka.connect.k8s.operator.TestPods.*;
import static io.confluent.csid.kafka.connect.k8s.operator.status.StatusAggregatorTest.T0;
import static io.confluent.csid.kafka.connect.k8s.operator.status.StatusAggregatorTest.TWO_TASKS;
import static io.confluent.csid.kafka.connect.k8s.operator.status.StatusAggregatorTest.aggregate;
import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.operator.dependent.DesiredInputs;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.PublishedTaskConfigs;
import org.junit.jupiter.api.Test;

class TransitionEventsTest {

  @Test
  void eventsOnlyOnTransitions() {
    var healthy =
        aggregate(
            connector("c"), TWO_TASKS, null, T0, runningReady(), runningReady(), runningReady());
    var invalid =
        aggregate(
            connector("c"),
            TWO_TASKS,
            healthy,
            T0,
            runningReady(),
            runningReady(),
            crashLoop(2, "Error", CONFIG_INVALID_MESSAGE));

    assertThat(TransitionEvents.between(healthy, invalid))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("Warning");
              assertThat(e.reason()).isEqualTo("ConfigInvalid");
              assertThat(e.message())
                  .startsWith("task 1 failed (ConfigInvalid): Invalid connector config");
            });
    assertThat(TransitionEvents.between(invalid, invalid)).isEmpty();
  }

  @Test
  void crashLoopOomAndImagePullAreNamedAfterTheirCause() {
    var healthy =
        aggregate(
            connector("c"), TWO_TASKS, null, T0, runningReady(), runningReady(), runningReady());
    assertThat(
            TransitionEvents.between(
                healthy,
                aggregate(
                    connector("c"),
                    TWO_TASKS,
                    healthy,
                    T0,
                    crashLoop(1, "Error", "boom"),
                    runningReady(),
                    runningReady())))
        .extracting(TransitionEvents.Event::reason)
        .containsExactly("CrashLoopBackOff");
    assertThat(
            TransitionEvents.between(
                healthy,
                aggregate(
                    connector("c"),
                    TWO_TASKS,
                    healthy,
                    T0,
                    runningReady(),
                    crashLoop(137, "OOMKilled", null),
                    runningReady())))
        .extracting(TransitionEvents.Event::reason)
        .containsExactly("OOMKilled");
    assertThat(
            TransitionEvents.between(
                healthy,
                aggregate(
                    connector("c"),
                    TWO_TASKS,
                    healthy,
                    T0,
                    runningReady(),
                    runningReady(),
                    imagePullBackOff())))
        .extracting(TransitionEvents.Event::reason)
        .containsExactly("ImagePullBackOff");
  }

  @Test
  void scalingIsANormalEvent() {
    var none =
        aggregate(
            connector("c"),
            new DesiredInputs("h", "l", PublishedTaskConfigs.NONE, true),
            null,
            T0,
            runningReady());
    var two =
        aggregate(
            connector("c"), TWO_TASKS, none, T0, runningReady(), runningReady(), runningReady());
    assertThat(TransitionEvents.between(none, two))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("Normal");
              assertThat(e.reason()).isEqualTo("TasksScaled");
              assertThat(e.message()).isEqualTo("Task pods scaled from 0 to 2.");
            });
  }
}
