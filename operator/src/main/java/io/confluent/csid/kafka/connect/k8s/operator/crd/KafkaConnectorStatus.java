package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed: written only by the operator, through the status subresource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaConnectorStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Conditions Ready, Progressing and Error, each with the generation it was computed for, a"
          + " reason and a message.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The connector class being run (from connector.class).")
  private String connectorClass;

  @JsonPropertyDescription("The connector pod and the state of the connector in it.")
  private ConnectorInstanceStatus connector;

  @JsonPropertyDescription("One entry per task config the connector published, by task id.")
  private List<TaskInstanceStatus> tasks = new ArrayList<>();

  @JsonPropertyDescription(
      "Number of task configs the connector published, which is the number of task pods.")
  private Integer taskCount;

  @JsonPropertyDescription("Task pods ready out of taskCount, as text for kubectl, e.g. 2/3.")
  private String tasksReady;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getConnectorClass() {
    return connectorClass;
  }

  public void setConnectorClass(String connectorClass) {
    this.connectorClass = connectorClass;
  }

  public ConnectorInstanceStatus getConnector() {
    return connector;
  }

  public void setConnector(ConnectorInstanceStatus connector) {
    this.connector = connector;
  }

  public List<TaskInstanceStatus> getTasks() {
    return tasks;
  }

  public void setTasks(List<TaskInstanceStatus> tasks) {
    this.tasks = tasks;
  }

  public Integer getTaskCount() {
    return taskCount;
  }

  public void setTaskCount(Integer taskCount) {
    this.taskCount = taskCount;
  }

  public String getTasksReady() {
    return tasksReady;
  }

  public void setTasksReady(String tasksReady) {
    this.tasksReady = tasksReady;
  }
}
