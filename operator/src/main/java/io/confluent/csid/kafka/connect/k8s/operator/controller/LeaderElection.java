package io.confluent.csid.kafka.connect.k8s.operator.controller;

import io.confluent.csid.kafka.connect.k8s.operator.config.OperatorConfig;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Lets the chart run two operator replicas: only the holder of Lease {@code connect-k8s-operator}
 * (in the operator's namespace) reconciles. QOSDK activates it in the prod profile only ({@code
 * quarkus.operator-sdk.activate-leader-election-for-profiles}), so tests run without it.
 */
@Singleton
public class LeaderElection extends LeaderElectionConfiguration {

  public static final String LEASE_NAME = "connect-k8s-operator";

  @Inject
  public LeaderElection(OperatorConfig config) {
    super(LEASE_NAME, config.leaseNamespace().orElse(null));
  }
}
