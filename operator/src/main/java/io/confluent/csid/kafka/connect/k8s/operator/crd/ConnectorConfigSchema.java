package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Schema only, never instantiated: the typed part of {@code spec.connectorConfig}.
 *
 * <p>A structural CRD schema cannot combine {@code properties} with {@code additionalProperties},
 * so every other key is kept through {@code x-kubernetes-preserve-unknown-fields} (on the spec
 * field) next to these two typed properties.
 */
@SuppressWarnings("unused")
final class ConnectorConfigSchema {

  @JsonProperty(ConnectorConfig.CONNECTOR_CLASS)
  @JsonPropertyDescription(
      "Fully qualified class name or alias of the connector, for example"
          + " org.apache.kafka.connect.file.FileStreamSourceConnector or FileStreamSource.")
  @Required
  @Size(min = 1)
  private String connectorClass;

  @JsonProperty(ConnectorConfig.TASKS_MAX)
  @JsonPropertyDescription(
      "The most tasks (task pods) the connector may create: a positive whole number written as a"
          + " string, for example \"3\". Defaults to 1.")
  @Pattern("^[1-9][0-9]*$")
  private String tasksMax;

  private ConnectorConfigSchema() {}
}
