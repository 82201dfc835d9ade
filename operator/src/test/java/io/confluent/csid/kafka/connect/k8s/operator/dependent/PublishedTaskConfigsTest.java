package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishedTaskConfigsTest {

  @Test
  void countsTaskKeysPublishedForTheCurrentConfig() {
    var published =
        PublishedTaskConfigs.of(
            secret("h1", Map.of("task-0", "e30=", "task-1", "e30=", "task-2", "e30=")), "h1");
    assertThat(published.count()).isEqualTo(3);
  }

  @Test
  void taskTwelveIsTaskTwelve() {
    var data = new java.util.HashMap<String, String>();
    for (int i = 0; i < 13; i++) {
      data.put("task-" + i, "e30=");
    }
    assertThat(PublishedTaskConfigs.of(secret("h", data), "h").count()).isEqualTo(13);
  }

  @Test
  void staleOrMissingPublicationsCountAsNone() {
    assertThat(PublishedTaskConfigs.of(null, "h1")).isEqualTo(PublishedTaskConfigs.NONE);
    assertThat(PublishedTaskConfigs.of(secret(null, null), "h1"))
        .isEqualTo(PublishedTaskConfigs.NONE);
    assertThat(PublishedTaskConfigs.of(secret("old", Map.of("task-0", "e30=")), "h1"))
        .isEqualTo(PublishedTaskConfigs.NONE);
    assertThat(PublishedTaskConfigs.of(secret(null, Map.of("task-0", "e30=")), "h1"))
        .isEqualTo(PublishedTaskConfigs.NONE);
  }

  @Test
  void aGapStopsTheCountAndOtherKeysAreIgnored() {
    assertThat(
            PublishedTaskConfigs.of(
                    secret("h", Map.of("task-0", "a", "task-2", "b", "other", "c")), "h")
                .count())
        .isEqualTo(1);
    assertThat(PublishedTaskConfigs.of(secret("h", Map.of("task-01", "a")), "h").count()).isZero();
  }

  @Test
  void hashFollowsTheConfigsNotTheirOrder() {
    var a = PublishedTaskConfigs.of(secret("h", Map.of("task-0", "a", "task-1", "b")), "h");
    var b =
        PublishedTaskConfigs.of(
            secret("h", new java.util.TreeMap<>(Map.of("task-1", "b", "task-0", "a"))), "h");
    var c = PublishedTaskConfigs.of(secret("h", Map.of("task-0", "a", "task-1", "c")), "h");
    assertThat(a.hash()).isEqualTo(b.hash()).isNotEqualTo(c.hash());
  }

  @Test
  void configHashSeparatesItsParts() {
    assertThat(ConfigHashes.configHash("ab", "c")).isNotEqualTo(ConfigHashes.configHash("a", "bc"));
    assertThat(ConfigHashes.configHash("ab", "c")).isEqualTo(ConfigHashes.configHash("ab", "c"));
  }

  static Secret secret(String hash, Map<String, String> data) {
    var builder =
        new SecretBuilder().withNewMetadata().withName("x-tasks").endMetadata().withData(data);
    if (hash != null) {
      builder.editMetadata().addToAnnotations("connect-k8s.io/config-hash", hash).endMetadata();
    }
    return builder.build();
  }
}
