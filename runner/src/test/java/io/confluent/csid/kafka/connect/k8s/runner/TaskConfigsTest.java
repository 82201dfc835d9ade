package io.confluent.csid.kafka.connect.k8s.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskConfigsTest {

  @Test
  void sameConfigGivesTheSameBytesWhateverTheMapOrder() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("topic", "t");
    a.put("file", "f");
    Map<String, String> b = new LinkedHashMap<>();
    b.put("file", "f");
    b.put("topic", "t");

    assertThat(TaskConfigs.toJson(a))
        .isEqualTo(TaskConfigs.toJson(b))
        .isEqualTo("{\"file\":\"f\",\"topic\":\"t\"}");
  }

  @Test
  void secretDataHasOneKeyPerTaskAndNothingElse() throws Exception {
    Map<String, String> data =
        TaskConfigs.toSecretData(List.of(Map.of("id", "0"), Map.of("id", "1")));

    assertThat(data).containsOnlyKeys("task-0", "task-1");
    assertThat(TaskConfigs.fromJson(data.get("task-1"))).isEqualTo(Map.of("id", "1"));
  }

  @Test
  void nonStringScalarsAreReadAsText() throws Exception {
    assertThat(TaskConfigs.fromJson("{\"tasks.max\": 3, \"enabled\": true}"))
        .containsEntry("tasks.max", "3")
        .containsEntry("enabled", "true");
  }
}
