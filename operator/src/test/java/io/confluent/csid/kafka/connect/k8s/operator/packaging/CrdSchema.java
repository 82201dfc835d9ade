package io.confluent.csid.kafka.connect.k8s.operator.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed CRD's {@code openAPIV3Schema} as a JSON Schema validator: an approximation of the
 * API server's structural-schema validation (same keywords, no pruning, no defaulting), good enough
 * to show which inputs the CRD rejects and with what message.
 */
final class CrdSchema {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final Path CRD = REPO.resolve("deploy/crds/" + GeneratedArtifacts.CRD_FILE);

  /** Kubernetes extensions to OpenAPI; they steer the API server, not validation of values. */
  private static final List<String> KUBERNETES_KEYWORDS =
      List.of(
          "x-kubernetes-preserve-unknown-fields",
          "x-kubernetes-embedded-resource",
          "x-kubernetes-int-or-string",
          "x-kubernetes-list-type",
          "x-kubernetes-list-map-keys",
          "x-kubernetes-map-type",
          "x-kubernetes-validations",
          "nullable");

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final JsonNode crd;
  private final JsonSchema schema;

  private CrdSchema(JsonNode crd) {
    this.crd = crd;
    JsonNode openApi = crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
    intOrStringAsAnyOf(openApi);
    String metaSchemaId = "https://connect-k8s.example/openapi-v3-structural";
    JsonMetaSchema metaSchema =
        JsonMetaSchema.builder(metaSchemaId, JsonMetaSchema.getV4())
            .keywords(KUBERNETES_KEYWORDS.stream().map(NonValidationKeyword::new).toList())
            .build();
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V4,
            builder -> builder.metaSchema(metaSchema).defaultMetaSchemaIri(metaSchemaId));
    this.schema = factory.getSchema(openApi.toString(), InputFormat.JSON);
  }

  static CrdSchema committed() throws IOException {
    return new CrdSchema(YAML.readTree(CRD.toFile()));
  }

  /** The YAML documents of a file or text, empty documents skipped. */
  static List<JsonNode> documents(Path yaml) throws IOException {
    return documents(Files.readString(yaml));
  }

  static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      YAML.readValues(parser, JsonNode.class)
          .forEachRemaining(
              doc -> {
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                  documents.add(doc);
                }
              });
    }
    return documents;
  }

  JsonNode crd() {
    return crd;
  }

  JsonNode openApiSchema() {
    return crd.at("/spec/versions/0/schema/openAPIV3Schema");
  }

  /** One line per problem, {@code <field path>: <what is wrong>}, as a user would read them. */
  List<String> validate(JsonNode resource) {
    return schema.validate(resource).stream().map(CrdSchema::describe).sorted().toList();
  }

  private static String describe(ValidationMessage message) {
    // "$.spec.connectorConfig" -> "spec.connectorConfig": Kubernetes' own field path style.
    String path = message.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
    String text = message.getMessage();
    String withoutPath = text.substring(text.indexOf(':') + 1).trim();
    return path + ": " + withoutPath;
  }

  /**
   * {@code x-kubernetes-int-or-string} means "an integer or a string", which JSON Schema says with
   * anyOf; everything else about the field still applies.
   */
  private static void intOrStringAsAnyOf(JsonNode node) {
    if (node instanceof ObjectNode object
        && object.path("x-kubernetes-int-or-string").asBoolean(false)) {
      object.remove("type");
      ArrayNode anyOf = object.putArray("anyOf");
      anyOf.addObject().put("type", "integer");
      anyOf.addObject().put("type", "string");
    }
    List<JsonNode> children = new ArrayList<>();
    node.forEach(children::add);
    children.forEach(CrdSchema::intOrStringAsAnyOf);
  }
}
