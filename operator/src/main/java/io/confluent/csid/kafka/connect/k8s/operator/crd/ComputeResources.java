package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU, memory and ephemeral storage amounts. Typed rather than a free map so that the schema can
 * check each amount with Kubernetes' own quantity grammar and reject "512 MB" or "lots" on apply.
 * Strings rather than int-or-string: the CRD generator drops the pattern on int-or-string fields,
 * and an unchecked amount would only fail later, when the StatefulSet is written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComputeResources {

  /** Kubernetes' resource.Quantity grammar, as kubebuilder puts it into CRD schemas. */
  public static final String QUANTITY_PATTERN =
      "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]"
          + "|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

  @JsonPropertyDescription(
      "CPU, as a quoted Kubernetes quantity: whole or fractional cores (\"1\", \"0.5\") or millicores"
          + " (\"500m\").")
  @Pattern(QUANTITY_PATTERN)
  private String cpu;

  @JsonPropertyDescription(
      "Memory, as a quoted Kubernetes quantity: bytes with an optional suffix, for example \"512M\","
          + " \"1Gi\" or \"1500Mi\".")
  @Pattern(QUANTITY_PATTERN)
  private String memory;

  @JsonProperty("ephemeral-storage")
  @JsonPropertyDescription(
      "Local ephemeral storage (logs, emptyDir plugin downloads), as a quoted Kubernetes quantity, for"
          + " example \"1Gi\".")
  @Pattern(QUANTITY_PATTERN)
  private String ephemeralStorage;

  public String getCpu() {
    return cpu;
  }

  public void setCpu(String cpu) {
    this.cpu = cpu;
  }

  public String getMemory() {
    return memory;
  }

  public void setMemory(String memory) {
    this.memory = memory;
  }

  public String getEphemeralStorage() {
    return ephemeralStorage;
  }

  public void setEphemeralStorage(String ephemeralStorage) {
    this.ephemeralStorage = ephemeralStorage;
  }

  /** The amounts that are set, keyed as a Kubernetes ResourceRequirements map. */
  @JsonIgnore
  public Map<String, Quantity> toResourceList() {
    Map<String, Quantity> list = new LinkedHashMap<>();
    if (cpu != null) {
      list.put("cpu", new Quantity(cpu));
    }
    if (memory != null) {
      list.put("memory", new Quantity(memory));
    }
    if (ephemeralStorage != null) {
      list.put("ephemeral-storage", new Quantity(ephemeralStorage));
    }
    return list;
  }
}
