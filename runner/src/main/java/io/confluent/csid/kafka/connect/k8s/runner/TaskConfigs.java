package io.confluent.csid.kafka.connect.k8s.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The byte format of configs exchanged with the operator: a JSON object of strings with sorted
 * keys, so the same config always gives the same bytes (and the same hash, and no needless pod
 * roll).
 */
public final class TaskConfigs {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private TaskConfigs() {}

  public static String toJson(Map<String, String> config) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(config));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A map of strings always serializes", e);
    }
  }

  /**
   * Parses a config object; non-string scalars (as YAML or hand-written JSON may hold) become text.
   */
  public static Map<String, String> fromJson(String json) throws IOException {
    Map<String, Object> raw = JSON.readValue(json, MAP);
    Map<String, String> config = new TreeMap<>();
    raw.forEach((k, v) -> config.put(k, v == null ? null : String.valueOf(v)));
    return config;
  }

  public static Map<String, String> read(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(what + " file " + file + " does not exist");
    }
    try {
      return fromJson(Files.readString(file));
    } catch (IOException e) {
      throw new BadInputException(
          what + " file " + file + " is not a JSON object of strings: " + e.getMessage(), e);
    }
  }

  /** The Secret data the connector pod publishes: {@code task-0 ... task-<n-1>}, nothing else. */
  public static Map<String, String> toSecretData(List<Map<String, String>> taskConfigs) {
    Map<String, String> data = new LinkedHashMap<>();
    for (int i = 0; i < taskConfigs.size(); i++) {
      data.put(PodContract.taskKey(i), toJson(taskConfigs.get(i)));
    }
    return data;
  }

  static ObjectMapper mapper() {
    return JSON;
  }
}
