package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class TerminationMessageTest {

  @Test
  void firstLineIsTheReasonThenTheStackTrace() {
    String message =
        TerminationMessage.format("Task x-0 failed:\nboom", new ConnectException("boom"));

    assertThat(message.lines().findFirst()).contains("Task x-0 failed: boom");
    assertThat(message).contains("org.apache.kafka.connect.errors.ConnectException: boom");
    assertThat(message).contains("\tat ");
  }

  @Test
  void staysWithinWhatKubernetesKeeps() {
    String message = TerminationMessage.format("x".repeat(10_000), new RuntimeException());
    assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
  }

  @Test
  void reasonJoinsTheCauseChainWithoutRepeats() {
    Exception e =
        new ConnectException("Failed to start", new IllegalStateException("file missing"));
    assertThat(TerminationMessage.reason(e)).isEqualTo("Failed to start: file missing");
  }
}
