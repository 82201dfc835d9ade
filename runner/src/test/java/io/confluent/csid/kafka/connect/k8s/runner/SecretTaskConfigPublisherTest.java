package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confluent.csid.kafka.connect.k8s.runner.testing.KubernetesApi;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SecretTaskConfigPublisherTest {

  private KubernetesApi api;

  @BeforeEach
  void start() {
    api = new KubernetesApi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private Secret secret() {
    return api.client()
        .secrets()
        .inNamespace(KubernetesApi.NAMESPACE)
        .withName("orders-tasks")
        .get();
  }

  @Test
  void replacesAllTaskKeysAndStampsTheConfigHash() {
    api.client()
        .secrets()
        .inNamespace(KubernetesApi.NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("orders-tasks")
                .addToLabels("app.kubernetes.io/managed-by", "connect-k8s")
                .endMetadata()
                .addToData("task-7", "c3RhbGU=")
                .build())
        .create();
    var publisher =
        new SecretTaskConfigPublisher(api.client(), KubernetesApi.NAMESPACE, "orders", "abc123");

    publisher.publish(List.of(Map.of("b", "2", "a", "1"), Map.of("a", "3")));

    Secret secret = secret();
    assertThat(secret.getData()).containsOnlyKeys("task-0", "task-1");
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get("task-0")), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry(PodContract.CONFIG_HASH_ANNOTATION, "abc123");
    // The operator's labels survive the update.
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "connect-k8s");
  }

  @Test
  void neverCreatesTheSecret() {
    var publisher =
        new SecretTaskConfigPublisher(api.client(), KubernetesApi.NAMESPACE, "orders", "abc123");

    assertThatThrownBy(() -> publisher.publish(List.of(Map.of("a", "1"))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("orders-tasks does not exist");
    assertThat(secret()).isNull();
  }
}
