package io.confluent.csid.kafka.connect.k8s.e2e;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The KafkaConnector custom resource as a generic kind, for the scenarios and the benchmarks: they
 * read and write it as users' tools do, without the operator's model classes and their Quarkus
 * classpath.
 */
public final class KafkaConnectors {

  public static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup("io.confluent.csid")
          .withVersion("v1")
          .withKind("KafkaConnector")
          .withPlural("kafkaconnectors")
          .withNamespaced(true)
          .build();

  private KafkaConnectors() {}
}
