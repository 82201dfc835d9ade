package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The pod image is the runner's fast-jar: it must never carry a Kafka broker. */
class PodImageContentIT {

  @Test
  void theRunnerFastJarHasNoBrokerInIt() throws Exception {
    String dependencies =
        Files.readString(Path.of("target", "quarkus-app", "quarkus-app-dependencies.txt"));

    assertThat(dependencies).contains("org.apache.kafka:connect-runtime");
    assertThat(dependencies)
        .doesNotContain("org.apache.kafka:kafka_2.13")
        .doesNotContain("org.apache.kafka:kafka-server:")
        .doesNotContain("org.scala-lang:scala-library");
  }
}
