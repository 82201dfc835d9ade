package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the user wants the connector to be doing (KIP-875's target states). */
public enum TargetState {
  @JsonProperty("running")
  RUNNING,
  @JsonProperty("paused")
  PAUSED,
  @JsonProperty("stopped")
  STOPPED
}
