package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator installed as a user installs it ({@code kubectl apply -k deploy/}): the Deployment's
 * pod runs the operator's jar with its own ServiceAccount token and the generated RBAC, probes
 * included, and must reconcile a KafkaConnector with nothing more.
 */
@ExtendWith(Bed.Extension.class)
class OperatorInstallE2E {

  private static final String NS = "install-e2e";
  private static final Duration TIMEOUT = Duration.ofMinutes(4);

  /**
   * Uninstalls the operator's Deployment (not the CRD: other classes' resources live on) so that
   * later classes reconcile with the bed's own operator process instead of following a pod that
   * still holds the leader-election Lease.
   */
  @AfterEach
  void removeInstalledOperator(Bed bed) {
    bed.kubectl()
        .run(
            "-n",
            Bed.OPERATOR_NAMESPACE,
            "delete",
            "deployment",
            "connect-k8s-operator",
            "--ignore-not-found",
            "--wait=true",
            "--timeout=120s");
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () ->
                bed.client()
                    .pods()
                    .inNamespace(Bed.OPERATOR_NAMESPACE)
                    .list()
                    .getItems()
                    .isEmpty());
    bed.kubectl().run("delete", "namespace", NS, "--wait=false");
  }

  @Test
  void installedOperatorRunsAsAPodAndReconcilesWithItsOwnRbac(Bed bed) {
    KubernetesClient client = bed.client();
    // The process started with an admin kubeconfig would hold the leader-election Lease.
    bed.stopOperator();
    System.out.println(
        bed.kubectl()
            .run("apply", "-k", Repo.root().resolve("deploy").toString())
            .orFail()
            .output());

    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Deployment d =
                  client
                      .apps()
                      .deployments()
                      .inNamespace(Bed.OPERATOR_NAMESPACE)
                      .withName("connect-k8s-operator")
                      .get();
              assertThat(d.getStatus().getReadyReplicas()).isEqualTo(1);
            });

    bed.kubectl().run("create", "namespace", NS).orFail();
    bed.kubectl()
        .run(
            "-n",
            NS,
            "create",
            "secret",
            "generic",
            "worker-config",
            "--from-literal=worker.properties=bootstrap.servers="
                + bed.broker().bootstrapServers()
                + "\noffset.storage.replication.factor=1\n")
        .orFail();
    String connector =
        """
        apiVersion: io.confluent.csid/v1
        kind: KafkaConnector
        metadata:
          name: weather
          namespace: %s
        spec:
          workerConfigSecret:
            name: worker-config
          connectorConfig:
            connector.class: FileStreamSource
            tasks.max: "1"
            file: /dev/null
            topic: weather
        """
            .formatted(NS);
    client.resource(connector).create();

    // Everything a KafkaConnector owns, created by the operator under its own RBAC.
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .apps()
                          .statefulSets()
                          .inNamespace(NS)
                          .withName("weather-connector")
                          .get())
                  .isNotNull();
              assertThat(
                      client.apps().statefulSets().inNamespace(NS).withName("weather-tasks").get())
                  .isNotNull();
              assertThat(client.rbac().roles().inNamespace(NS).list().getItems()).isNotEmpty();
              assertThat(client.secrets().inNamespace(NS).withName("weather-config").get())
                  .isNotNull();
            });

    List<Pod> operatorPods = client.pods().inNamespace(Bed.OPERATOR_NAMESPACE).list().getItems();
    assertThat(operatorPods).hasSize(1);
    String podName = operatorPods.get(0).getMetadata().getName();
    // Leader election under the generated Role: the pod must keep renewing its Lease well past
    // the renew deadline (10 s) and lease duration (15 s); a forbidden renewal makes it exit.
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Lease lease =
                  client
                      .leases()
                      .inNamespace(Bed.OPERATOR_NAMESPACE)
                      .withName("connect-k8s-operator")
                      .get();
              assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(podName);
              assertThat(
                      Duration.between(
                          lease.getSpec().getAcquireTime(), lease.getSpec().getRenewTime()))
                  .isGreaterThan(Duration.ofSeconds(30));
            });
    Pod operatorPod = client.pods().inNamespace(Bed.OPERATOR_NAMESPACE).withName(podName).get();
    assertThat(operatorPod.getStatus().getContainerStatuses().get(0).getRestartCount())
        .as("operator restarts")
        .isZero();
  }
}
