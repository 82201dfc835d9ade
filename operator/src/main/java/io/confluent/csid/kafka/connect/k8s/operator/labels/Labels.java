package io.confluent.csid.kafka.connect.k8s.operator.labels;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import java.util.Map;
import java.util.TreeMap;

/** The labels on everything the operator creates, and the selectors built from them. */
public final class Labels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String PART_OF = "app.kubernetes.io/part-of";

  public static final String NAME_VALUE = "kafka-connector";
  public static final String MANAGED_BY_VALUE = "connect-k8s-operator";
  public static final String PART_OF_VALUE = "connect-k8s";

  /** Informers of owned objects see only what this operator made. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

  /** Components, one per role an object plays for a connector. */
  public static final String COMPONENT_CONNECTOR = "connector";

  public static final String COMPONENT_TASK = "task";
  public static final String COMPONENT_CONFIG = "config";
  public static final String COMPONENT_TASK_CONFIGS = "task-configs";
  public static final String COMPONENT_STATE = "state";
  public static final String COMPONENT_RBAC = "rbac";

  private Labels() {}

  /**
   * The resource's own labels (cost attribution such as {@code project}, {@code cost-center}) plus
   * the standard ones, which win a clash so that selectors keep working.
   */
  public static Map<String, String> forComponent(KafkaConnector connector, String component) {
    Map<String, String> labels = new TreeMap<>();
    Map<String, String> own = connector.getMetadata().getLabels();
    if (own != null) {
      labels.putAll(own);
    }
    labels.putAll(standard(connector.getMetadata().getName(), component));
    return labels;
  }

  public static Map<String, String> standard(String connectorName, String component) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(NAME, NAME_VALUE);
    labels.put(INSTANCE, connectorName);
    labels.put(COMPONENT, component);
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(PART_OF, PART_OF_VALUE);
    return labels;
  }

  /** The immutable StatefulSet selector: only labels that can never change for a connector. */
  public static Map<String, String> selector(String connectorName, String component) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(NAME, NAME_VALUE);
    labels.put(INSTANCE, connectorName);
    labels.put(COMPONENT, component);
    return labels;
  }
}
