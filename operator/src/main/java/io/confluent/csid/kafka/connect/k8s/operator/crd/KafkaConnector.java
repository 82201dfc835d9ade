package io.confluent.csid.kafka.connect.k8s.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.quarkiverse.operatorsdk.annotations.CSVMetadata;

/**
 * One Kafka Connect connector, run as its own pods: a connector pod that computes task configs and
 * one pod per task. Replaces a Connect worker cluster and its REST API.
 */
// Shown for the owned CRD in the OLM bundle's CSV (OperatorHub's "Provided APIs").
@CSVMetadata(
    displayName = "Kafka Connector",
    description =
        "One Kafka Connect connector, run as its own pods: a connector pod and one pod per task.")
@Group(KafkaConnector.GROUP)
@Version(KafkaConnector.VERSION)
@Kind(KafkaConnector.KIND)
@Plural(KafkaConnector.PLURAL)
@ShortNames(KafkaConnector.SHORT_NAME)
@AdditionalPrinterColumn(name = "Class", jsonPath = ".status.connectorClass")
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.connector.state")
@AdditionalPrinterColumn(name = "Tasks", jsonPath = ".status.tasksReady")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class KafkaConnector extends CustomResource<KafkaConnectorSpec, KafkaConnectorStatus>
    implements Namespaced {

  public static final String GROUP = "io.confluent.csid";
  public static final String VERSION = "v1";
  public static final String KIND = "KafkaConnector";
  public static final String PLURAL = "kafkaconnectors";

  /**
   * Strimzi already uses {@code kctr} (KafkaConnector) and {@code kc} (KafkaConnect); both may be
   * installed in one cluster, so ours differs from both.
   */
  public static final String SHORT_NAME = "kcn";

  public static final String CRD_NAME = PLURAL + "." + GROUP;
}
