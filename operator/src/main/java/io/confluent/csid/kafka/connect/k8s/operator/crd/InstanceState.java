package io.confluent.csid.kafka.connect.k8s.operator.crd;

/** Connect's own state names, plus PENDING for a pod that is not running yet. */
public enum InstanceState {
  RUNNING,
  PAUSED,
  STOPPED,
  FAILED,
  PENDING
}
