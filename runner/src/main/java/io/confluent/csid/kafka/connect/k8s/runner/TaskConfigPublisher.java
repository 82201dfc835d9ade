package io.confluent.csid.kafka.connect.k8s.runner;

import java.util.List;
import java.util.Map;

/** Where the connector process hands its task configs over: the operator's Secret, or memory. */
public interface TaskConfigPublisher {

  /** Replaces every published task config with these, in task order. */
  void publish(List<Map<String, String>> taskConfigs);
}
