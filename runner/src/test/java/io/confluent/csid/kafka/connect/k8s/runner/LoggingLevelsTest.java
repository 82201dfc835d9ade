package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggingLevelsTest {

  @TempDir Path dir;

  @Test
  void appliesPerLoggerLevelsFromTheLoggingFile() throws Exception {
    Path file = dir.resolve("logging.json");
    Files.writeString(
        file,
        "{\"loggerLevels\": {\"org.example.chatty\": \"WARN\", \"org.example.debugged\": \"TRACE\"}}");

    LoggingLevels.applyFile(file);

    assertThat(Logger.getLogger("org.example.chatty").getLevel().intValue())
        .isEqualTo(Level.WARNING.intValue());
    assertThat(Logger.getLogger("org.example.debugged").getLevel().intValue())
        .isEqualTo(org.jboss.logmanager.Level.TRACE.intValue());
  }

  @Test
  void aMissingFileChangesNothingAndAnUnknownLevelIsBadInput() {
    LoggingLevels.applyFile(dir.resolve("absent.json"));
    assertThatThrownBy(() -> LoggingLevels.setLevel("x", "LOUD"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("Unknown log level LOUD");
  }
}
