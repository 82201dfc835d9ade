package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static io.confluent.csid.kafka.connect.k8s.operator.contract.RunnerContract.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confluent.csid.kafka.connect.k8s.operator.config.OperatorConfig;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorSpec;
import io.confluent.csid.kafka.connect.k8s.operator.crd.PluginSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Environment of the plugins init container (docs/pod-contract.md): the structured plugins as
 * compact JSON, whether plain http is allowed, the operator's sources and limit, and the operator's
 * own proxy settings.
 */
final class PluginsEnv {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PluginsEnv() {}

  static List<EnvVar> of(KafkaConnectorSpec spec, OperatorConfig.PluginDownloads config) {
    List<EnvVar> env = new ArrayList<>();
    List<PluginSpec> plugins = spec.getPlugins() == null ? List.of() : spec.getPlugins();
    if (!plugins.isEmpty()) {
      env.add(new EnvVar(ENV_PLUGINS, json(plugins), null));
    }
    if (Boolean.TRUE.equals(spec.getAllowInsecurePluginDownloads())) {
      env.add(new EnvVar(ENV_PLUGINS_ALLOW_HTTP, "true", null));
    }
    env.add(new EnvVar(ENV_PLUGINS_HUB_URL, config.hubUrl(), null));
    env.add(new EnvVar(ENV_PLUGINS_MAVEN_REPOSITORY, config.mavenRepository(), null));
    env.add(new EnvVar(ENV_PLUGINS_MAX_BYTES, String.valueOf(config.maxBytes()), null));
    add(env, ENV_HTTPS_PROXY, config.httpsProxy());
    add(env, ENV_HTTP_PROXY, config.httpProxy());
    add(env, ENV_NO_PROXY, config.noProxy());
    return env;
  }

  private static void add(List<EnvVar> env, String name, Optional<String> value) {
    value.filter(v -> !v.isBlank()).ifPresent(v -> env.add(new EnvVar(name, v, null)));
  }

  /** Keys in a fixed order and absent fields left out, so the same spec gives the same bytes. */
  private static String json(List<PluginSpec> plugins) {
    List<Map<String, String>> entries = new ArrayList<>();
    for (PluginSpec plugin : plugins) {
      Map<String, String> entry = new LinkedHashMap<>();
      put(entry, "name", plugin.getName());
      put(entry, "hub", plugin.getHub());
      put(entry, "maven", plugin.getMaven());
      put(entry, "url", plugin.getUrl());
      put(entry, "sha512", plugin.getSha512());
      entries.add(entry);
    }
    try {
      return JSON.writeValueAsString(entries);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(Map<String, String> entry, String key, String value) {
    if (value != null && !value.isBlank()) {
      entry.put(key, value);
    }
  }
}
