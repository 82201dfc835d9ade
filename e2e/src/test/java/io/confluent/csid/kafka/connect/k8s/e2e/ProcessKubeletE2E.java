package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The process kubelet on the real control plane, without the runner: what a pod's process sees,
 * readiness, restarts, termination and RBAC for the pod's own token.
 */
@ExtendWith(Bed.Extension.class)
class ProcessKubeletE2E {

  private static final String NS = "kubelet-e2e";
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private static Bed bed;
  private static KubernetesClient client;

  @BeforeAll
  static void namespace(Bed shared) {
    bed = shared;
    client = shared.client();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    // The namespace's default ServiceAccount and its token Secret come from the controller
    // manager; pods are rejected by admission until then.
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () -> {
              var sa = client.serviceAccounts().inNamespace(NS).withName("default").get();
              return sa != null && !sa.getSecrets().isEmpty();
            });
  }

  @Test
  void statefulSetPodsRunWithTheirVolumesEnvironmentAndToken() {
    apply("web.yaml");

    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(ready("web-0")).isTrue();
              assertThat(ready("web-1")).isTrue();
            });
    Pod web0 = pod("web-0");
    assertThat(web0.getSpec().getNodeName()).isEqualTo("e2e-node");
    assertThat(web0.getStatus().getPhase()).isEqualTo("Running");
    assertThat(web0.getStatus().getPodIP()).isEqualTo("127.0.0.1");
    String log = bed.kubelet().log(NS, "web-0", "main");
    assertThat(log)
        .contains("key=s3cret-value")
        .contains(
            "pod=web-0 ns="
                + NS
                + " uid="
                + web0.getMetadata().getUid()
                + " ip=127.0.0.1 hostname=web-0 user=hello-web-0");
    // Only the pod's process sees its volumes: they are mounted in its own mount namespace.
    assertThat(Path.of("/etc/x/key")).doesNotExist();
    assertThat(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token")).doesNotExist();
  }

  @Test
  void podTokenIsSubjectToRbac() {
    apply("web.yaml");
    // The process used the mounted token and CA against KUBERNETES_SERVICE_HOST/PORT: the API
    // server authenticated it as the ServiceAccount (403, not 401) and RBAC denied it.
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> bed.kubelet().log(NS, "web-0", "main").contains("list-secrets=403"));
    assertThat(bed.kubelet().log(NS, "web-0", "main")).doesNotContain("list-secrets=200");

    client
        .rbac()
        .roles()
        .inNamespace(NS)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("secret-reader")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("secrets")
                .withVerbs("list")
                .endRule()
                .build())
        .create();
    client
        .rbac()
        .roleBindings()
        .inNamespace(NS)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("default-reads-secrets")
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role")
                .withName("secret-reader")
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("default")
                .withNamespace(NS)
                .endSubject()
                .build())
        .create();

    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> bed.kubelet().log(NS, "web-0", "main").contains("list-secrets=200"));
  }

  @Test
  void deletedPodGetsSigtermAndTheStatefulSetControllerReplacesIt() {
    apply("web.yaml");
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> ready("web-1"));
    Pod old = pod("web-1");
    long pid = pid(old);
    assertThat(ProcessHandle.of(pid)).isPresent();

    client.pods().inNamespace(NS).withName("web-1").delete();

    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Pod now = pod("web-1");
              assertThat(now).isNotNull();
              assertThat(now.getMetadata().getUid()).isNotEqualTo(old.getMetadata().getUid());
              assertThat(ready("web-1")).isTrue();
            });
    assertThat(bed.kubelet().log(NS, "web-1", "main")).contains("got SIGTERM");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }

  @Test
  void processIgnoringSigtermIsKilledAfterTheGracePeriod() {
    apply("stubborn.yaml");
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> bed.kubelet().log(NS, "stubborn", "main").contains("started"));
    long pid = pid(pod("stubborn"));

    long t0 = System.nanoTime();
    client.pods().inNamespace(NS).withName("stubborn").delete();
    await().atMost(TIMEOUT).until(() -> pod("stubborn") == null);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(bed.kubelet().log(NS, "stubborn", "main")).contains("ignoring SIGTERM");
    assertThat(took).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(30));
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }

  @Test
  void failingLivenessProbeRestartsTheContainer() {
    apply("unhealthy.yaml");

    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              ContainerStatus s = pod("unhealthy").getStatus().getContainerStatuses().get(0);
              assertThat(s.getRestartCount()).isGreaterThanOrEqualTo(1);
              // killed by SIGTERM (no trap): 128 + 15
              assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(143);
            });
    assertThat(bed.kubelet().log(NS, "unhealthy", "main")).contains("server-stopped");
  }

  @Test
  void crashingContainerIsRestartedWithBackOffAndShowsItsTerminationMessage() {
    apply("crasher.yaml");

    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              ContainerStatus s = pod("crasher").getStatus().getContainerStatuses().get(0);
              assertThat(s.getRestartCount()).isGreaterThanOrEqualTo(2);
              assertThat(s.getState().getWaiting()).isNotNull();
              assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
              assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(1);
              assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("Error");
              assertThat(s.getLastState().getTerminated().getMessage())
                  .isEqualTo("boom: bad config\n");
              assertThat(s.getReady()).isFalse();
            });
    assertThat(pod("crasher").getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void podThatDoesNotFitStaysPendingAsUnschedulable() {
    apply("too-big.yaml");

    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              PodCondition scheduled = condition(pod("too-big"), "PodScheduled");
              assertThat(scheduled.getStatus()).isEqualTo("False");
              assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
              assertThat(scheduled.getMessage())
                  .isEqualTo("0/1 nodes are available: 1 Insufficient memory.");
            });
    assertThat(pod("too-big").getSpec().getNodeName()).isNull();
  }

  @Test
  void unknownImageCannotBePulled() {
    apply("unknown-image.yaml");

    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              ContainerStatus s = pod("unknown-image").getStatus().getContainerStatuses().get(0);
              assertThat(s.getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
              assertThat(pod("unknown-image").getStatus().getPhase()).isEqualTo("Pending");
            });
  }

  private static void apply(String fixture) {
    var items =
        client.load(ProcessKubeletE2E.class.getResourceAsStream("/kubelet/" + fixture)).items();
    for (var item : items) {
      item.getMetadata().setNamespace(NS);
      client.resource(item).inNamespace(NS).createOr(op -> op.update());
    }
  }

  private static Pod pod(String name) {
    return client.pods().inNamespace(NS).withName(name).get();
  }

  private static boolean ready(String name) {
    Pod pod = pod(name);
    return pod != null
        && pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && "True"
            .equals(
                Optional.ofNullable(condition(pod, "Ready"))
                    .map(PodCondition::getStatus)
                    .orElse(null));
  }

  private static PodCondition condition(Pod pod, String type) {
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  private static long pid(Pod pod) {
    String id = pod.getStatus().getContainerStatuses().get(0).getContainerID();
    return Long.parseLong(id.substring("process://".length()));
  }
}
