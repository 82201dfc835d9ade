package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import java.net.ProxySelector;
import java.util.Map;
import java.util.Optional;

/** The proxy settings a download uses: the standard variables first, then the JVM's own. */
public final class Proxies {

  private Proxies() {}

  public static ProxySelector selector(Map<String, String> env) {
    ProxySelector jvm = ProxySelector.getDefault();
    return EnvProxySelector.from(env, jvm == null ? ProxySelector.of(null) : jvm);
  }

  /** Hosts and ports only, for the log; empty when no proxy variable is set. */
  public static Optional<String> describe(Map<String, String> env) {
    String text = EnvProxySelector.describe(env);
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }
}
