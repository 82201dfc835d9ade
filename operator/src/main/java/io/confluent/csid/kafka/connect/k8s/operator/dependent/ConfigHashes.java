package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hashes put on pod templates so that a change rolls exactly the pods it concerns. Only digests
 * leave this class: the worker config and connector config may hold passwords.
 */
public final class ConfigHashes {

  /** Stands for the worker config while its Secret or key cannot be read. */
  public static final String MISSING = "missing";

  private ConfigHashes() {}

  /**
   * The hash of what the connector pod runs with: the connector config and the worker config (the
   * raw, still base64-encoded Secret value, so nothing is ever decoded here).
   */
  public static String configHash(String connectorJson, String workerConfigBase64) {
    return sha256("connector.json", connectorJson, "worker", workerConfigBase64);
  }

  /** Digest standing for one Secret value wherever the value itself must not be kept. */
  public static String valueDigest(String value) {
    return sha256("value", value);
  }

  public static String loggingHash(String loggingJson) {
    return sha256("logging.json", loggingJson);
  }

  /** Hash of the published task configs; key order does not matter. */
  public static String taskConfigsHash(Map<String, String> taskConfigData) {
    Map<String, String> sorted = new TreeMap<>(taskConfigData == null ? Map.of() : taskConfigData);
    String[] parts = new String[sorted.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> entry : sorted.entrySet()) {
      parts[i++] = entry.getKey();
      parts[i++] = entry.getValue();
    }
    return sha256(parts);
  }

  private static String sha256(String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        // Length-prefixed so that ("ab","c") and ("a","bc") never collide.
        byte[] bytes = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
        digest.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
