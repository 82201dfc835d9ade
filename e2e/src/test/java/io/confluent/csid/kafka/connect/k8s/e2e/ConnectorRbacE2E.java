package io.confluent.csid.kafka.connect.k8s.e2e;

import static io.confluent.csid.kafka.connect.k8s.e2e.ConnectorFixtures.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 7, RBAC is real: a running connector pod's own identity (the token of its {@code
 * <name>-runner} ServiceAccount) reaches exactly the objects of the pod contract and nothing else,
 * as the real API server's RBAC authorizer decides.
 */
@ExtendWith(Bed.Extension.class)
class ConnectorRbacE2E {

  private static final String NS = "rbac-e2e";
  private static final String OTHER_NS = "rbac-e2e-other";
  private static final String NAME = "alpha";
  private static Bed bed;

  @Test
  void connectorIdentityReachesOnlyItsOwnObjects(Bed bed) {
    ConnectorRbacE2E.bed = bed;
    KubernetesClient admin = bed.client();
    bed.operator();
    ConnectorFixtures.createNamespace(bed, NS);
    ConnectorFixtures.createNamespace(bed, OTHER_NS);
    ConnectorFixtures.applyWorkerConfig(bed, NS);
    ConnectorFixtures.applyFileSource(
        bed,
        NS,
        NAME,
        "FileStreamSource",
        Repo.root().resolve("deploy/examples/data/weather.csv"),
        "rbac-e2e");
    // Another connector's objects in the same namespace, and objects with this connector's own
    // names in another namespace: a grant by resourceNames must not reach either.
    admin.secrets().inNamespace(NS).resource(secret("beta-tasks")).create();
    admin.secrets().inNamespace(NS).resource(secret("beta-config")).create();
    admin.secrets().inNamespace(OTHER_NS).resource(secret(NAME + "-tasks")).create();
    admin
        .configMaps()
        .inNamespace(OTHER_NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(NAME + "-state")
                .endMetadata()
                .build())
        .create();

    // The connector pod published its task config with this identity: the positive proof that the
    // token works at all (so every 403 below is RBAC, not a broken token).
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        admin.secrets().inNamespace(NS).withName(NAME + "-tasks").get().getData())
                    .containsKey("task-0"));

    try (KubernetesClient pod = clientWithToken(admin, podToken(admin))) {
      Secret tasks = pod.secrets().inNamespace(NS).withName(NAME + "-tasks").get();
      assertThat(tasks.getData()).containsKey("task-0");
      assertThat(pod.configMaps().inNamespace(NS).withName(NAME + "-state").get()).isNotNull();

      tasks.getMetadata().setAnnotations(annotated(tasks, "e2e.connect-k8s.io/rbac", "updated"));
      pod.secrets().inNamespace(NS).resource(tasks).update();
      assertThat(
              admin
                  .secrets()
                  .inNamespace(NS)
                  .withName(NAME + "-tasks")
                  .get()
                  .getMetadata()
                  .getAnnotations())
          .containsEntry("e2e.connect-k8s.io/rbac", "updated");

      assertForbidden(() -> pod.secrets().inNamespace(NS).withName("beta-tasks").get());
      assertForbidden(() -> pod.secrets().inNamespace(NS).withName("beta-config").get());
      // Its own connector config reaches the pod as a volume only, never through the API.
      assertForbidden(() -> pod.secrets().inNamespace(NS).withName(NAME + "-config").get());
      assertForbidden(() -> pod.secrets().inNamespace(NS).withName("worker-config").get());
      assertForbidden(() -> pod.secrets().inNamespace(NS).list());
      assertForbidden(() -> pod.secrets().inNamespace(NS).resource(secret("planted")).create());
      assertForbidden(() -> pod.secrets().inNamespace(OTHER_NS).withName(NAME + "-tasks").get());
      assertForbidden(() -> pod.configMaps().inNamespace(OTHER_NS).withName(NAME + "-state").get());
      assertForbidden(() -> pod.pods().inNamespace(OTHER_NS).list());
    }
    assertThat(admin.secrets().inNamespace(NS).withName("planted").get()).isNull();
  }

  /** The token Secret the token controller made for the connector's ServiceAccount. */
  private static String podToken(KubernetesClient admin) {
    String account = NAME + "-runner";
    String secretName =
        await()
            .atMost(TIMEOUT)
            .ignoreExceptions()
            .until(
                () ->
                    admin
                        .serviceAccounts()
                        .inNamespace(NS)
                        .withName(account)
                        .get()
                        .getSecrets()
                        .get(0)
                        .getName(),
                n -> n != null);
    Secret token = admin.secrets().inNamespace(NS).withName(secretName).get();
    assertThat(token.getMetadata().getAnnotations())
        .containsEntry("kubernetes.io/service-account.name", account);
    return new String(
        Base64.getDecoder().decode(token.getData().get("token")), StandardCharsets.UTF_8);
  }

  /** Same server and CA as the admin client, but only the token: no client certificate. */
  private static KubernetesClient clientWithToken(KubernetesClient admin, String token) {
    Config a = admin.getConfiguration();
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(a.getMasterUrl())
            .withCaCertData(a.getCaCertData())
            .withCaCertFile(a.getCaCertFile())
            .withOauthToken(token)
            .withNamespace(NS)
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static void assertForbidden(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  private static Secret secret(String name) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withStringData(Map.of("k", "v"))
        .build();
  }

  private static Map<String, String> annotated(Secret s, String key, String value) {
    Map<String, String> a = new java.util.HashMap<>();
    if (s.getMetadata().getAnnotations() != null) {
      a.putAll(s.getMetadata().getAnnotations());
    }
    a.put(key, value);
    return a;
  }

  /** Stops the pods: the machine is shared by the next scenarios. */
  @AfterAll
  static void deleteNamespaces() {
    if (bed != null) {
      for (String ns : List.of(NS, OTHER_NS)) {
        bed.kubectl().run("delete", "namespace", ns, "--wait=false");
      }
    }
  }
}
