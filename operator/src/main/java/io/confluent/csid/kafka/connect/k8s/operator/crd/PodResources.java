package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The image and compute resources of one kind of pod (the connector pod or each task pod). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodResources {

  @JsonPropertyDescription(
      "Container image of the connect-k8s runner, with any connector plugins baked in. Defaults"
          + " to the runner image the operator was released with.")
  private String image;

  @JsonPropertyDescription(
      "Resources the pod is guaranteed (Kubernetes requests), used for scheduling.")
  private ComputeResources requests;

  @JsonPropertyDescription(
      "Resources the pod may use at most (Kubernetes limits). A pod over its memory limit is"
          + " OOM-killed and restarted; the KafkaConnector's status says so.")
  private ComputeResources limits;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public ComputeResources getRequests() {
    return requests;
  }

  public void setRequests(ComputeResources requests) {
    this.requests = requests;
  }

  public ComputeResources getLimits() {
    return limits;
  }

  public void setLimits(ComputeResources limits) {
    this.limits = limits;
  }
}
