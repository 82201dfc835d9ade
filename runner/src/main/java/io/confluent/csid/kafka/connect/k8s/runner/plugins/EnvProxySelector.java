package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy conventions of curl and most tools: {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code
 * NO_PROXY} (either case). The JVM itself reads only its {@code https.proxyHost}-style properties,
 * which still apply (through the fallback) when no variable is set. Proxy credentials in the
 * variable are not used (the JDK disables Basic auth for HTTPS tunnels) and never printed.
 */
final class EnvProxySelector extends ProxySelector {

  private final Optional<InetSocketAddress> https;
  private final Optional<InetSocketAddress> http;
  private final List<String> noProxy;
  private final ProxySelector fallback;

  private EnvProxySelector(
      Optional<InetSocketAddress> https,
      Optional<InetSocketAddress> http,
      List<String> noProxy,
      ProxySelector fallback) {
    this.https = https;
    this.http = http;
    this.noProxy = noProxy;
    this.fallback = fallback;
  }

  static ProxySelector from(Map<String, String> env, ProxySelector fallback) {
    Optional<InetSocketAddress> https = address(env, "HTTPS_PROXY");
    Optional<InetSocketAddress> http = address(env, "HTTP_PROXY");
    if (https.isEmpty() && http.isEmpty()) {
      return fallback;
    }
    List<String> noProxy = new ArrayList<>();
    for (String entry : variable(env, "NO_PROXY").orElse("").split(",")) {
      String host = entry.trim().toLowerCase(Locale.ROOT);
      if (!host.isEmpty()) {
        noProxy.add(host.startsWith("*") ? host.substring(1) : host);
      }
    }
    return new EnvProxySelector(https, http, noProxy, fallback);
  }

  /** How the selector describes itself in the log: hosts and ports only. */
  static String describe(Map<String, String> env) {
    StringBuilder text = new StringBuilder();
    address(env, "HTTPS_PROXY").ifPresent(a -> text.append("https via ").append(hostPort(a)));
    address(env, "HTTP_PROXY")
        .ifPresent(
            a ->
                text.append(text.length() > 0 ? ", " : "").append("http via ").append(hostPort(a)));
    return text.toString();
  }

  @Override
  public List<Proxy> select(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (bypass(host)) {
      return List.of(Proxy.NO_PROXY);
    }
    Optional<InetSocketAddress> proxy = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
    if (proxy.isEmpty()) {
      return fallback == null ? List.of(Proxy.NO_PROXY) : fallback.select(uri);
    }
    return List.of(new Proxy(Proxy.Type.HTTP, proxy.get()));
  }

  private boolean bypass(String host) {
    for (String entry : noProxy) {
      if (entry.equals("*")
          || host.equals(entry)
          || (entry.startsWith(".") ? host.endsWith(entry) : host.endsWith("." + entry))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // Retries are the downloader's business.
  }

  private static Optional<String> variable(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      value = env.get(name.toLowerCase(Locale.ROOT));
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static Optional<InetSocketAddress> address(Map<String, String> env, String name) {
    return variable(env, name)
        .map(
            value -> {
              URI uri = URI.create(value.contains("://") ? value : "http://" + value);
              if (uri.getHost() == null) {
                return null;
              }
              int port = uri.getPort() > 0 ? uri.getPort() : 80;
              return InetSocketAddress.createUnresolved(uri.getHost(), port);
            });
  }

  private static String hostPort(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }
}
