package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorSpec;
import io.confluent.csid.kafka.connect.k8s.operator.crd.LoggingConfig;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place where the spec becomes the files the runner reads (docs/pod-contract.md): the same
 * spec always gives the same bytes, so hashes of them only move when the spec does.
 */
public final class ConnectorFiles {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private ConnectorFiles() {}

  /** {@code connector.json}: the connector config as a JSON object of strings, keys sorted. */
  public static String connectorJson(KafkaConnectorSpec spec) {
    Map<String, String> config =
        spec.getConnectorConfig() == null
            ? Map.of()
            : new TreeMap<>(spec.getConnectorConfig().toMap());
    return write(config);
  }

  /** {@code logging.json}: the shape of spec.loggingConfig, absent fields left out. */
  public static String loggingJson(KafkaConnectorSpec spec) {
    LoggingConfig logging = spec.getLoggingConfig();
    Map<String, Object> out = new LinkedHashMap<>();
    if (logging != null && logging.getDefaultLoggerLevel() != null) {
      out.put("defaultLoggerLevel", logging.getDefaultLoggerLevel().name());
    }
    if (logging != null && logging.getLoggerLevels() != null) {
      Map<String, String> levels = new TreeMap<>();
      logging.getLoggerLevels().forEach((logger, level) -> levels.put(logger, level.name()));
      if (!levels.isEmpty()) {
        out.put("loggerLevels", levels);
      }
    }
    return write(out);
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
