package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The connector's configuration: the string map Connect receives, kept sorted so that hashes of it
 * are stable. Its CRD schema comes from {@link ConnectorConfigSchema}, which types the two keys the
 * API server can check.
 */
public final class ConnectorConfig {

  public static final String CONNECTOR_CLASS = "connector.class";
  public static final String TASKS_MAX = "tasks.max";

  private final Map<String, String> properties;

  private ConnectorConfig(Map<String, String> properties) {
    this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  /**
   * Reads the map as a user wrote it. YAML scalars such as {@code 3} or {@code true} arrive as
   * numbers or booleans; Connect wants strings, so they are kept as their text.
   */
  @JsonCreator
  public static ConnectorConfig fromJson(Map<String, Object> raw) {
    Map<String, String> text = new LinkedHashMap<>();
    raw.forEach((key, value) -> text.put(key, value == null ? null : String.valueOf(value)));
    return new ConnectorConfig(text);
  }

  public static ConnectorConfig of(Map<String, String> properties) {
    return new ConnectorConfig(properties);
  }

  /** All keys, sorted, as Connect receives them. */
  @JsonValue
  public Map<String, String> toMap() {
    return properties;
  }

  public String connectorClass() {
    return properties.get(CONNECTOR_CLASS);
  }

  /** {@code tasks.max} when set; the schema guarantees a positive number if present. */
  public Optional<String> tasksMax() {
    return Optional.ofNullable(properties.get(TASKS_MAX));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectorConfig other && properties.equals(other.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(properties);
  }

  @Override
  public String toString() {
    // Values may be passwords: only the keys are ever printed.
    return "ConnectorConfig" + properties.keySet();
  }
}
