package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confluent.csid.kafka.connect.k8s.runner.testing.InProcessConnector;
import io.confluent.csid.kafka.connect.k8s.runner.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** errors.tolerance=all: bad records go to the DLQ with Connect's error headers, others through. */
class DeadLetterQueueIT {

  @TempDir Path dir;

  @Test
  void badRecordsGoToTheDeadLetterQueueWithErrorHeaders() throws Exception {
    KafkaBroker.createTopic("dlq-in", 1);
    KafkaBroker.produce(
        "dlq-in", List.of("{\"n\":1}", "not json {", "{\"n\":2}", "{broken", "{\"n\":3}"));
    Path output = dir.resolve("good.txt");

    Map<String, String> sink = new HashMap<>();
    sink.put("connector.class", "FileStreamSink");
    sink.put("topics", "dlq-in");
    sink.put("file", output.toString());
    sink.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    sink.put("value.converter.schemas.enable", "false");
    sink.put("errors.tolerance", "all");
    sink.put("errors.deadletterqueue.topic.name", "dlq-out");
    sink.put("errors.deadletterqueue.topic.replication.factor", "1");
    sink.put("errors.deadletterqueue.context.headers.enable", "true");

    try (var connector =
        new InProcessConnector("dlq-sink", KafkaBroker.workerProps("dlq-offsets"), sink)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> KafkaBroker.readAll("dlq-out", Duration.ZERO).size() >= 2);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.exists(output) && Files.readAllLines(output).size() >= 3);

      assertThat(Files.readAllLines(output)).containsExactly("{n=1}", "{n=2}", "{n=3}");
      List<ConsumerRecord<byte[], byte[]>> dead = KafkaBroker.readAll("dlq-out", Duration.ZERO);
      assertThat(dead)
          .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactly("not json {", "{broken");
      for (ConsumerRecord<byte[], byte[]> record : dead) {
        Header exception = record.headers().lastHeader("__connect.errors.exception.class.name");
        assertThat(exception).isNotNull();
        assertThat(new String(exception.value(), StandardCharsets.UTF_8))
            .isEqualTo("org.apache.kafka.connect.errors.DataException");
        assertThat(record.headers().lastHeader("__connect.errors.topic").value())
            .asString()
            .isEqualTo("dlq-in");
      }
      assertThat(connector.status().failure()).isNotDone();

      // Sinks commit to Connect's usual group, so a connector moved here keeps its position.
      try (Admin admin = KafkaBroker.admin()) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    !admin
                        .listConsumerGroupOffsets("connect-dlq-sink")
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .isEmpty());
      }
    }
  }
}
