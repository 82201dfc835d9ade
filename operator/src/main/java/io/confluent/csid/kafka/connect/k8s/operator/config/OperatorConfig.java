package io.confluent.csid.kafka.connect.k8s.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Operator settings, from application.properties or CONNECT_K8S_OPERATOR_* variables. */
@ConfigMapping(prefix = "connect-k8s.operator")
public interface OperatorConfig {

  /**
   * Image of pods whose KafkaConnector names none. Defaults to the runner released with this
   * operator (root pom property {@code runner.image}), so a release is self-consistent.
   */
  @WithDefault("jcustenborder/connect-k8s-runner:${quarkus.application.version}")
  String runnerImage();

  /** Port of the runner's health and metrics endpoints (QUARKUS_HTTP_PORT in the pods). */
  @WithDefault("8080")
  int runnerHttpPort();

  /**
   * Seconds a pod gets between SIGTERM and SIGKILL: the runner commits offsets within it, so it
   * must exceed Connect's task shutdown timeout (5 s by default) with margin.
   */
  @WithDefault("60")
  long terminationGracePeriodSeconds();

  /**
   * Namespace of the leader-election Lease. In a cluster the operator's own namespace is found
   * without it; an operator run outside (a developer's machine, a test bed) must name one.
   */
  Optional<String> leaseNamespace();
}
