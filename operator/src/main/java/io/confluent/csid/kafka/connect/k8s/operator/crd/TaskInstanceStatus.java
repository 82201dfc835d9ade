package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One task pod's state. */
public class TaskInstanceStatus extends InstanceStatus {

  @JsonPropertyDescription("Task id: the task pod's ordinal and the index of its task config.")
  private Integer id;

  public Integer getId() {
    return id;
  }

  public void setId(Integer id) {
    this.id = id;
  }
}
