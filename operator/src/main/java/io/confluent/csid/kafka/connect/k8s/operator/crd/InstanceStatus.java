package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What a connector or task pod is doing, as observed from the pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class InstanceStatus {

  @JsonPropertyDescription("RUNNING, PAUSED, STOPPED, FAILED or PENDING.")
  private InstanceState state;

  @JsonPropertyDescription(
      "Why it is not running, when known: ConfigInvalid, CrashLoopBackOff, ImagePullBackOff,"
          + " ErrImagePull, OOMKilled, Unschedulable, Error, Starting or PodMissing.")
  private String reason;

  @JsonPropertyDescription("Name of the pod running it.")
  private String pod;

  @JsonPropertyDescription("How many times Kubernetes restarted its container.")
  private Integer restartCount;

  @JsonPropertyDescription(
      "Why it last failed: the container's termination message (the runner writes a one-line"
          + " reason first), or the pod's waiting reason such as ImagePullBackOff or OOMKilled.")
  private String lastFailureMessage;

  public InstanceState getState() {
    return state;
  }

  public void setState(InstanceState state) {
    this.state = state;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public Integer getRestartCount() {
    return restartCount;
  }

  public void setRestartCount(Integer restartCount) {
    this.restartCount = restartCount;
  }

  public String getLastFailureMessage() {
    return lastFailureMessage;
  }

  public void setLastFailureMessage(String lastFailureMessage) {
    this.lastFailureMessage = lastFailureMessage;
  }
}
