package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key of a Secret in the KafkaConnector's own namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyReference {

  public static final String DEFAULT_WORKER_CONFIG_KEY = "worker.properties";

  @JsonPropertyDescription("Name of the Secret, in the same namespace as the KafkaConnector.")
  @Required
  @Size(min = 1)
  private String name;

  @JsonPropertyDescription(
      "Key within the Secret that holds the worker properties file. Defaults to"
          + " `worker.properties`.")
  private String key;

  public SecretKeyReference() {}

  public SecretKeyReference(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  /** The key to read, falling back to the conventional file name. */
  public String keyOrDefault() {
    return key == null || key.isBlank() ? DEFAULT_WORKER_CONFIG_KEY : key;
  }
}
