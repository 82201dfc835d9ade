package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.TreeMap;

/** Log levels of the connector and task processes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoggingConfig {

  @JsonPropertyDescription("Level of the root logger. Defaults to INFO.")
  private LogLevel defaultLoggerLevel;

  @JsonPropertyDescription(
      "Levels of individual loggers, keyed by logger (package or class) name, for example"
          + " org.apache.kafka.connect.runtime.WorkerSourceTask: DEBUG.")
  private Map<String, LogLevel> loggerLevels = new TreeMap<>();

  public LogLevel getDefaultLoggerLevel() {
    return defaultLoggerLevel;
  }

  public void setDefaultLoggerLevel(LogLevel defaultLoggerLevel) {
    this.defaultLoggerLevel = defaultLoggerLevel;
  }

  public Map<String, LogLevel> getLoggerLevels() {
    return loggerLevels;
  }

  public void setLoggerLevels(Map<String, LogLevel> loggerLevels) {
    this.loggerLevels = loggerLevels;
  }
}
