package io.confluent.csid.kafka.connect.k8s.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class DigestOnlySecretStoreTest {

  static final String VALUE = "c2FzbC5qYWFzLmNvbmZpZz1wYXNzd29yZD0iaHVudGVyMiI=";

  @Test
  void keepsNoSecretValueAnywhere() {
    DigestOnlySecretStore store = new DigestOnlySecretStore();
    store.put("ns/worker", secret(VALUE));

    Secret cached = store.get("ns/worker");
    assertThat(cached.getMetadata().getName()).isEqualTo("worker");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(cached.getData()).containsOnlyKeys("worker.properties");
    assertThat(Serialization.asJson(cached)).doesNotContain(VALUE).doesNotContain("hunter2");
    assertThat(cached.getMetadata().getAnnotations()).containsOnlyKeys("team");
  }

  @Test
  void digestChangesExactlyWithTheValue() {
    String a = DigestOnlySecretStore.digestOnly(secret(VALUE)).getData().get("worker.properties");
    String same =
        DigestOnlySecretStore.digestOnly(secret(VALUE)).getData().get("worker.properties");
    String other =
        DigestOnlySecretStore.digestOnly(secret("b3RoZXI=")).getData().get("worker.properties");
    assertThat(a).isEqualTo(same).isNotEqualTo(other);
  }

  static Secret secret(String value) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("worker")
        .withNamespace("ns")
        .withResourceVersion("7")
        .addToAnnotations("team", "data")
        .addToAnnotations(
            DigestOnlySecretStore.LAST_APPLIED,
            "{\"data\":{\"worker.properties\":\"" + value + "\"}}")
        .endMetadata()
        .addToData("worker.properties", value)
        .build();
  }
}
