package io.confluent.csid.kafka.connect.k8s.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies {@code spec.loggingConfig} ({@code defaultLoggerLevel}, {@code loggerLevels}) to the
 * process's log manager. Connect logs through SLF4J, which Quarkus routes to the same manager.
 */
public final class LoggingLevels {

  private LoggingLevels() {}

  public static void applyFile(Path file) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try {
      apply(TaskConfigs.mapper().readTree(Files.readString(file)));
    } catch (IOException e) {
      throw new BadInputException(
          "Logging config " + file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  public static void apply(JsonNode config) {
    if (config == null || config.isNull() || config.isMissingNode()) {
      return;
    }
    JsonNode root = config.get("defaultLoggerLevel");
    if (root != null && !root.isNull()) {
      setLevel("", root.asText());
    }
    JsonNode levels = config.get("loggerLevels");
    if (levels != null && levels.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = levels.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> entry = fields.next();
        setLevel(entry.getKey(), entry.getValue().asText());
      }
    }
  }

  static void setLevel(String logger, String level) {
    Logger.getLogger(logger).setLevel(toLevel(level));
  }

  static Level toLevel(String level) {
    return switch (level.trim().toUpperCase(Locale.ROOT)) {
      case "OFF" -> Level.OFF;
      case "FATAL", "ERROR" -> org.jboss.logmanager.Level.ERROR;
      case "WARN", "WARNING" -> org.jboss.logmanager.Level.WARN;
      case "INFO" -> org.jboss.logmanager.Level.INFO;
      case "DEBUG" -> org.jboss.logmanager.Level.DEBUG;
      case "TRACE" -> org.jboss.logmanager.Level.TRACE;
      case "ALL" -> Level.ALL;
      default -> throw new BadInputException("Unknown log level " + level);
    };
  }
}
