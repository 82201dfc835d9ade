package io.confluent.csid.kafka.connect.k8s.runner;

import io.confluent.csid.kafka.connect.k8s.runner.plugins.InstalledPlugins;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Turns the user's worker properties into the map the embedded Worker runs with. This is the one
 * place that decides defaults, so a connector moved from a Connect cluster keeps its offsets: the
 * user's {@code offset.storage.topic} and converters always win over a default here.
 */
public final class WorkerProperties {

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String GROUP_ID = "group.id";
  public static final String OFFSET_STORAGE_TOPIC = "offset.storage.topic";
  public static final String CONFIG_STORAGE_TOPIC = "config.storage.topic";
  public static final String STATUS_STORAGE_TOPIC = "status.storage.topic";
  public static final String PLUGIN_PATH = "plugin.path";
  public static final String PLUGIN_DISCOVERY = "plugin.discovery";
  public static final String KEY_CONVERTER = "key.converter";
  public static final String VALUE_CONVERTER = "value.converter";

  /** Connect's usual topic names, so an existing cluster's offsets are found without settings. */
  public static final String DEFAULT_OFFSET_TOPIC = "connect-offsets";

  static final String DEFAULT_CONFIG_TOPIC = "connect-configs";
  static final String DEFAULT_STATUS_TOPIC = "connect-status";
  static final String DEFAULT_GROUP_ID = "connect-k8s";
  static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

  private WorkerProperties() {}

  public static Map<String, String> load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("Worker config file " + file + " does not exist");
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      props.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new BadInputException("Cannot read worker config " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> map = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k).trim()));
    return map;
  }

  /**
   * The worker config for one connector's pods.
   *
   * <p>The Worker is built on a {@code DistributedConfig}, which insists on a group id and three
   * topic names although only the offsets topic is used; {@code plugin.discovery=service_load}
   * keeps start-up under a second; {@code plugin.path} lists only directories that exist and hold
   * something, and is left out when none do, because an empty value means the working directory. A
   * directory the {@code plugins} command installed into contributes each completed plugin
   * directory instead (their {@code lib/} is the plugin Connect loads), so plugin.path names
   * exactly the plugins installed plus the ones baked into the image.
   */
  public static Map<String, String> forWorker(Map<String, String> user, List<Path> pluginDirs) {
    Map<String, String> props = new TreeMap<>(user);
    if (isBlank(props.get(BOOTSTRAP_SERVERS))) {
      throw new BadInputException("Worker config has no " + BOOTSTRAP_SERVERS);
    }
    props.putIfAbsent(GROUP_ID, DEFAULT_GROUP_ID);
    props.putIfAbsent(OFFSET_STORAGE_TOPIC, DEFAULT_OFFSET_TOPIC);
    props.putIfAbsent(CONFIG_STORAGE_TOPIC, DEFAULT_CONFIG_TOPIC);
    props.putIfAbsent(STATUS_STORAGE_TOPIC, DEFAULT_STATUS_TOPIC);
    props.putIfAbsent(KEY_CONVERTER, JSON_CONVERTER);
    props.putIfAbsent(VALUE_CONVERTER, JSON_CONVERTER);
    props.putIfAbsent(PLUGIN_DISCOVERY, "service_load");

    Set<String> paths = new LinkedHashSet<>();
    for (String entry : props.getOrDefault(PLUGIN_PATH, "").split(",")) {
      if (!entry.isBlank() && holdsSomething(Path.of(entry.trim()))) {
        paths.add(entry.trim());
      }
    }
    for (Path dir : pluginDirs) {
      if (InstalledPlugins.isManaged(dir)) {
        // The plugins volume: only what the init container completed, never a half-written
        // directory of an init container that was killed.
        InstalledPlugins.completePlugins(dir).forEach(p -> paths.add(p.toString()));
      } else if (holdsSomething(dir)) {
        paths.add(dir.toString());
      }
    }
    if (paths.isEmpty()) {
      props.remove(PLUGIN_PATH);
    } else {
      props.put(PLUGIN_PATH, String.join(",", new ArrayList<>(paths)));
    }
    return props;
  }

  private static boolean holdsSomething(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
