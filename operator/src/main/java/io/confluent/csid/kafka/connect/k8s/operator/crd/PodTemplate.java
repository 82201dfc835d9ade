package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pod customisations in the spirit of Strimzi's {@code template}: applied to the connector pod and
 * every task pod. Anything the operator itself sets (its labels, the runner's mounts and variables)
 * wins over a clash, so a template can never break the pod contract.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PodTemplate {

  @JsonPropertyDescription(
      "Extra labels of the pods (the KafkaConnector's own labels are already propagated).")
  private Map<String, String> labels = new TreeMap<>();

  @JsonPropertyDescription("Extra annotations of the pods, e.g. for a service mesh or a scraper.")
  private Map<String, String> annotations = new TreeMap<>();

  @JsonPropertyDescription("Node labels the pods must be scheduled on.")
  private Map<String, String> nodeSelector = new TreeMap<>();

  @JsonPropertyDescription("Kubernetes affinity rules of the pods.")
  private Affinity affinity;

  @JsonPropertyDescription("Tolerations of the pods.")
  private List<Toleration> tolerations = new ArrayList<>();

  @JsonPropertyDescription("Topology spread constraints of the pods.")
  private List<TopologySpreadConstraint> topologySpreadConstraints = new ArrayList<>();

  @JsonPropertyDescription("PriorityClass of the pods.")
  private String priorityClassName;

  @JsonPropertyDescription(
      "Extra environment variables of the runner container, e.g. for config providers.")
  private List<EnvVar> env = new ArrayList<>();

  @JsonPropertyDescription("Extra volumes of the pods, mounted through volumeMounts.")
  private List<Volume> volumes = new ArrayList<>();

  @JsonPropertyDescription("Where the extra volumes are mounted in the runner container.")
  private List<VolumeMount> volumeMounts = new ArrayList<>();

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public List<TopologySpreadConstraint> getTopologySpreadConstraints() {
    return topologySpreadConstraints;
  }

  public void setTopologySpreadConstraints(
      List<TopologySpreadConstraint> topologySpreadConstraints) {
    this.topologySpreadConstraints = topologySpreadConstraints;
  }

  public String getPriorityClassName() {
    return priorityClassName;
  }

  public void setPriorityClassName(String priorityClassName) {
    this.priorityClassName = priorityClassName;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public List<Volume> getVolumes() {
    return volumes;
  }

  public void setVolumes(List<Volume> volumes) {
    this.volumes = volumes;
  }

  public List<VolumeMount> getVolumeMounts() {
    return volumeMounts;
  }

  public void setVolumeMounts(List<VolumeMount> volumeMounts) {
    this.volumeMounts = volumeMounts;
  }
}
