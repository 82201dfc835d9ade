package io.confluent.csid.kafka.connect.k8s.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's first command, for real: the built local jar runs the shipped example on its own
 * embedded broker, shows progress and the first records, and ends by itself with exit 0.
 */
class LocalRunIT {

  @TempDir Path dir;

  @Test
  void theReadmeExampleRunsOnAnEmbeddedBrokerAndShowsItsRecords() throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    Path output = dir.resolve("run.log");
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-jar",
                    Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString(),
                    "run",
                    "deploy/examples/file-source.yaml",
                    "--max-records",
                    "20",
                    "--progress-interval",
                    "2"))
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean exited = process.waitFor(180, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String log = read(output);
    assertThat(exited).as(log).isTrue();
    assertThat(process.exitValue()).as(log).isZero();
    assertThat(log)
        .contains("Embedded Kafka broker (KRaft) listening on localhost:")
        .containsPattern("\\[weather-file-source\\] task 0: [0-9.]+ records/s, 20 records")
        .contains("First records of topic weather:")
        .contains("weather-0@0 key=null value=station,date,min_c,max_c,rain_mm")
        .contains("weather-0@1 key=null value=amsterdam,2026-11-01,6.1,11.4,2.3");
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }
}
