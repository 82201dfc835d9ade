package io.confluent.csid.kafka.connect.k8s.runner.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.confluent.csid.kafka.connect.k8s.runner.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The KafkaConnector YAML a user would {@code kubectl apply}, read for local mode: its name, its
 * connector config, its logging config and target state. Pod settings (images, resources) do not
 * apply locally and are ignored.
 */
public record KafkaConnectorFile(
    String name, Map<String, String> connectorConfig, JsonNode loggingConfig, String state) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  public static KafkaConnectorFile read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("KafkaConnector file " + file + " does not exist");
    }
    JsonNode root;
    try {
      // A file may hold several documents (a Secret next to the connector): take the connector.
      root = null;
      try (var parser = YAML.getFactory().createParser(file.toFile())) {
        Iterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class);
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          if (doc != null && "KafkaConnector".equals(doc.path("kind").asText())) {
            root = doc;
            break;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new BadInputException("Cannot read " + file + " as YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      throw new BadInputException(file + " holds no document of kind KafkaConnector");
    }
    String name = root.path("metadata").path("name").asText("");
    if (name.isBlank()) {
      throw new BadInputException(file + ": metadata.name is required");
    }
    JsonNode config = root.path("spec").path("connectorConfig");
    if (!config.isObject()) {
      throw new BadInputException(file + ": spec.connectorConfig is required");
    }
    Map<String, String> connectorConfig = new TreeMap<>();
    config.fields().forEachRemaining(e -> connectorConfig.put(e.getKey(), e.getValue().asText()));
    if (!connectorConfig.containsKey("connector.class")) {
      throw new BadInputException(file + ": spec.connectorConfig has no connector.class");
    }
    JsonNode logging = root.path("spec").path("loggingConfig");
    return new KafkaConnectorFile(
        name,
        connectorConfig,
        logging.isMissingNode() ? null : logging,
        root.path("spec").path("state").asText("running"));
  }
}
