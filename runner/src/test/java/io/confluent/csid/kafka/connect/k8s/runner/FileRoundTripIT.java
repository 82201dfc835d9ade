package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confluent.csid.kafka.connect.k8s.runner.testing.InProcessConnector;
import io.confluent.csid.kafka.connect.k8s.runner.testing.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FileStreamSource -> topic -> FileStreamSink, through an SMT with a predicate. */
class FileRoundTripIT {

  @TempDir Path dir;

  @Test
  void everyLineArrivesOnceThroughTheTransform() throws Exception {
    List<String> lines = IntStream.range(0, 500).mapToObj(i -> "record " + i).toList();
    Path input = dir.resolve("in.txt");
    Path output = dir.resolve("out.txt");
    Files.write(input, lines);

    Map<String, String> source = new HashMap<>();
    source.put("connector.class", "FileStreamSource");
    source.put("file", input.toString());
    source.put("topic", "rt-lines");
    // The SMT renames the topic, but only for topics its predicate matches.
    source.put("transforms", "route");
    source.put("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");
    source.put("transforms.route.regex", "rt-(.*)");
    source.put("transforms.route.replacement", "roundtrip-$1");
    source.put("transforms.route.predicate", "isRaw");
    source.put("predicates", "isRaw");
    source.put("predicates.isRaw.type", "TopicNameMatches");
    source.put("predicates.isRaw.pattern", "rt-.*");

    Map<String, String> sink =
        Map.of(
            "connector.class", "FileStreamSink",
            "topics", "roundtrip-lines",
            "file", output.toString());

    try (var src =
            new InProcessConnector("rt-source", KafkaBroker.workerProps("rt-offsets"), source);
        var snk = new InProcessConnector("rt-sink", KafkaBroker.workerProps("rt-offsets"), sink)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.exists(output) && Files.readAllLines(output).size() >= lines.size());
      Thread.sleep(1500);
      assertThat(Files.readAllLines(output)).containsExactlyElementsOf(lines);
      assertThat(KafkaBroker.topics()).contains("roundtrip-lines").doesNotContain("rt-lines");
      assertThat(src.status().failure()).isNotDone();
      assertThat(snk.status().failure()).isNotDone();
    }
  }
}
